using Mlops.Modeling;
using Mlops.Storage;
using Mlops.Training.Jobs;

namespace Mlops.Training.Clients;

/// <summary>
/// Dataset splits kept on local disk by version id, so a version is streamed from Ingestion once. Each split is a
/// pixels file and a labels file, written to temporary names and renamed, plus the sha256 of both, written last and
/// checked on every read: a damaged or half-written split is dropped and streamed again.
/// </summary>
public sealed class DatasetCache(string root)
{
    public LabeledImages? TryRead(DatasetInfo dataset, DataSplit split)
    {
        var (pixelsPath, labelsPath, hashPath) = Paths(dataset.DatasetVersionId, split);
        if (!File.Exists(hashPath) || !File.Exists(pixelsPath) || !File.Exists(labelsPath))
        {
            return null;
        }

        var pixels = File.ReadAllBytes(pixelsPath);
        var labels = File.ReadAllBytes(labelsPath);
        if (File.ReadAllText(hashPath).Trim() != Hash(pixels, labels) || labels.Length != dataset.Count(split))
        {
            Drop(dataset.DatasetVersionId, split);
            return null;
        }
        return new LabeledImages(pixels, labels, dataset.Channels, dataset.Height, dataset.Width);
    }

    public void Write(DatasetInfo dataset, DataSplit split, byte[] pixels, byte[] labels)
    {
        var (pixelsPath, labelsPath, hashPath) = Paths(dataset.DatasetVersionId, split);
        Directory.CreateDirectory(Path.GetDirectoryName(pixelsPath)!);
        WriteAtomically(pixelsPath, pixels);
        WriteAtomically(labelsPath, labels);
        WriteAtomically(hashPath, System.Text.Encoding.ASCII.GetBytes(Hash(pixels, labels)));
    }

    private void Drop(string id, DataSplit split)
    {
        var (pixelsPath, labelsPath, hashPath) = Paths(id, split);
        File.Delete(hashPath);
        File.Delete(pixelsPath);
        File.Delete(labelsPath);
    }

    private (string Pixels, string Labels, string Hash) Paths(string id, DataSplit split)
    {
        // Version ids are sha256 hex from Ingestion; anything else must not become a path.
        var folder = Path.Combine(root, Sha256Hex.IsValid(id) ? id : Sha256Hex.Of(System.Text.Encoding.UTF8.GetBytes(id)));
        var name = split.ToString().ToLowerInvariant();
        return (Path.Combine(folder, $"{name}.pixels"), Path.Combine(folder, $"{name}.labels"), Path.Combine(folder, $"{name}.sha256"));
    }

    private static string Hash(byte[] pixels, byte[] labels)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(pixels);
        hash.AppendData(labels);
        return Sha256Hex.Of(hash);
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
