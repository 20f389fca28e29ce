using Mlops.Storage;

namespace Mlops.Ingestion.Versioning;

/// <summary>Stored data of a version that no longer matches its hash or cannot be read: only a re-import mends it.</summary>
public sealed class DamagedVersionException(string datasetVersionId, Exception inner) : Exception(Describe(datasetVersionId, inner), inner)
{
    public string DatasetVersionId { get; } = datasetVersionId;

    /// <summary>Runs a read of the stored blobs of <paramref name="datasetVersionId"/>, naming the version when they are damaged or missing.</summary>
    public static async Task<T> OnReadAsync<T>(string datasetVersionId, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception e) when (e is ContentHashMismatchException or FileNotFoundException or InvalidDataException)
        {
            throw new DamagedVersionException(datasetVersionId, e);
        }
    }

    private static string Describe(string datasetVersionId, Exception e) => e is ContentHashMismatchException
        ? $"Stored data of version {datasetVersionId} no longer matches its hash ({e.Message}); re-import the dataset."
        : $"Stored data of version {datasetVersionId} cannot be read ({e.Message}); re-import the dataset.";
}
