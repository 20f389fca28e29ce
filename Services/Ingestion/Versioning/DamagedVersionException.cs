using Mlops.Storage;

namespace Mlops.Ingestion.Versioning;

/// <summary>Stored data of a version that no longer matches its hash or cannot be read: only a re-import mends it.</summary>
public sealed class DamagedVersionException(string versionId, Exception inner) : Exception(Describe(versionId, inner), inner)
{
    public string VersionId { get; } = versionId;

    /// <summary>Runs a read of the stored blobs of <paramref name="versionId"/>, naming the version when they are damaged or missing.</summary>
    public static async Task<T> OnReadAsync<T>(string versionId, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is ContentHashMismatchException or FileNotFoundException or InvalidDataException)
        {
            throw new DamagedVersionException(versionId, e);
        }
    }

    private static string Describe(string versionId, Exception e) => e is ContentHashMismatchException
        ? $"Stored data of version {versionId} no longer matches its hash ({e.Message}); re-import the dataset."
        : $"Stored data of version {versionId} cannot be read ({e.Message}); re-import the dataset.";
}
