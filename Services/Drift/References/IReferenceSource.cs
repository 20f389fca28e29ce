using Mlops.Drift.Model;

namespace Mlops.Drift.References;

/// <summary>Test-split images and their labels, image after image.</summary>
public sealed record LabeledBatch(byte[] Pixels, byte[] Labels);

/// <summary>
/// Where a reference comes from: the registered model (its ONNX file and the dataset version it was trained on) and that
/// dataset's held-out test split. Backed by the Registry and Ingestion services, or by local data.
/// </summary>
public interface IReferenceSource
{
    /// <summary>Resolves <c>name/version</c> or <c>name@alias</c>; null when no such model version is registered.</summary>
    Task<ModelDescription?> FindModelAsync(string reference, CancellationToken cancellationToken);

    Task<byte[]> DownloadModelAsync(ModelDescription model, CancellationToken cancellationToken);

    /// <summary>Image-statistic samples of the test split from the dataset's stored profile; null to compute them from the images.</summary>
    Task<IReadOnlyDictionary<string, double[]>?> ImageFeatureSamplesAsync(string datasetVersionId, CancellationToken cancellationToken);

    IAsyncEnumerable<LabeledBatch> ReadTestSplitAsync(string datasetVersionId, int maxSamples, int batchSize, CancellationToken cancellationToken);
}
