using System.Security.Cryptography;
using Grpc.Core;
using Mlops.Cli.Output;
using Mlops.Ingestion.V1;
using Spectre.Console;

namespace Mlops.Cli.Transfer;

/// <summary>
/// Writes the chunks of an ExportDataset stream to files, hashing as it goes. Each file is written under a temporary
/// name and renamed only when its bytes hash to the sha256 sent with its last chunk, so a bad transfer leaves no file behind.
/// </summary>
public sealed class DatasetExportWriter(string folder)
{
    public async Task<IReadOnlyList<ExportedFile>> WriteAsync(IAsyncStreamReader<FileChunk> chunks, ProgressTask? progress, CancellationToken cancellationToken)
    {
        var written = new List<ExportedFile>();
        OpenFile? current = null;
        try
        {
            while (await chunks.MoveNext(cancellationToken))
            {
                var chunk = chunks.Current;
                if (current is null || current.Name != chunk.FileName)
                {
                    current?.Abandon();
                    current = OpenFile.Create(folder, chunk.FileName);
                }

                await current.AppendAsync(chunk.Content.Memory, cancellationToken);
                progress?.Increment(chunk.Content.Length);
                if (!string.IsNullOrEmpty(chunk.Sha256))
                {
                    written.Add(current.Finish(chunk.Sha256));
                    current = null;
                }
            }
        }
        finally
        {
            current?.Abandon();
        }

        if (current is not null)
        {
            throw new IOException($"the export stream ended in the middle of '{current.Name}'.");
        }

        return written;
    }

    private sealed class OpenFile(string name, string finalPath, string tempPath, FileStream stream) : IDisposable
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long size;

        public string Name { get; } = name;

        public static OpenFile Create(string folder, string name)
        {
            // The name comes from the service: never let it climb out of the output folder.
            if (string.IsNullOrWhiteSpace(name) || Path.GetFileName(name) != name || name is "." or "..")
            {
                throw new IOException($"the service sent an unusable file name '{name}'.");
            }

            var finalPath = Path.Combine(folder, name);
            var tempPath = finalPath + ".partial";
            return new OpenFile(name, finalPath, tempPath, new FileStream(tempPath, FileMode.Create, FileAccess.Write, FileShare.None));
        }

        public async Task AppendAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            hash.AppendData(content.Span);
            size += content.Length;
            await stream.WriteAsync(content, cancellationToken);
        }

        public ExportedFile Finish(string expectedSha256)
        {
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            Dispose();
            var verified = string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase);
            if (verified)
            {
                File.Move(tempPath, finalPath, overwrite: true);
            }
            else
            {
                File.Delete(tempPath);
            }

            return new ExportedFile(Name, size, expectedSha256, verified);
        }

        public void Abandon()
        {
            Dispose();
            File.Delete(tempPath);
        }

        public void Dispose()
        {
            stream.Dispose();
            hash.Dispose();
        }
    }
}
