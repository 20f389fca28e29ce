using System.Runtime.CompilerServices;
using Mlops.Ingestion.Model;
using Mlops.Ingestion.Versioning;
using Mlops.Storage;

namespace Mlops.Ingestion.Reading;

/// <summary>
/// A version as gzipped IDX files, like <c>dvc pull</c>: images then labels for train, validation and test
/// (splits without images are left out). One file is compressed at a time, so memory holds one file.
/// </summary>
public sealed class VersionExporter(VersionReader reader)
{
    public async IAsyncEnumerable<ExportedFile> ExportAsync(VersionManifest manifest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var split in DatasetSplits.All)
        {
            if (manifest[split].Count == 0)
            {
                continue;
            }

            var images = await reader.SplitAsync(manifest, split, cancellationToken);
            yield return await Task.Run(() => Compress(IdxExportWriter.ImagesFileName(split, manifest.Shape.Channels), images, IdxExportWriter.WriteImages), cancellationToken);
            yield return await Task.Run(() => Compress(IdxExportWriter.LabelsFileName(split), images, IdxExportWriter.WriteLabels), cancellationToken);
        }
    }

    private static ExportedFile Compress(string fileName, LabelledImages images, Action<Stream, LabelledImages> write)
    {
        var buffer = new MemoryStream();
        write(buffer, images);
        var content = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        return new ExportedFile(fileName, content, Sha256Hex.Of(content.Span));
    }
}
