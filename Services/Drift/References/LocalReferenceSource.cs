using System.Runtime.CompilerServices;
using Mlops.Drift.Model;

namespace Mlops.Drift.References;

/// <summary>A reference source over data in this process: registered ONNX files and test splits given directly (tests, offline checks).</summary>
public sealed class LocalReferenceSource : IReferenceSource
{
    private readonly Dictionary<ModelKey, (ModelDescription Model, byte[] Onnx)> models = [];
    private readonly Dictionary<string, LabeledBatch> testSplits = new(StringComparer.Ordinal);

    public LocalReferenceSource AddModel(ModelDescription model, byte[] onnx)
    {
        models[model.Key] = (model, onnx);
        return this;
    }

    public LocalReferenceSource AddTestSplit(string datasetVersionId, byte[] pixels, byte[] labels)
    {
        testSplits[datasetVersionId] = new LabeledBatch(pixels, labels);
        return this;
    }

    public Task<ModelDescription?> FindModelAsync(string reference, CancellationToken cancellationToken)
    {
        var slash = reference.LastIndexOf('/');
        ModelDescription? found = null;
        if (slash > 0 && int.TryParse(reference[(slash + 1)..], out var version))
        {
            found = models.TryGetValue(new ModelKey(reference[..slash], version), out var entry) ? entry.Model : null;
        }
        else
        {
            // No aliases here: "name" or "name@anything" is the newest version.
            var name = reference.Split('@')[0];
            found = models.Values.Where(entry => entry.Model.Key.Name == name).OrderByDescending(entry => entry.Model.Key.Version)
                .Select(entry => entry.Model).FirstOrDefault();
        }

        return Task.FromResult(found);
    }

    public Task<byte[]> DownloadModelAsync(ModelDescription model, CancellationToken cancellationToken) =>
        Task.FromResult(models.TryGetValue(model.Key, out var entry)
            ? entry.Onnx
            : throw DriftException.NotFound($"No ONNX file for model {model.Key}."));

    public Task<IReadOnlyDictionary<string, double[]>?> ImageFeatureSamplesAsync(string datasetVersionId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, double[]>?>(null);

    public async IAsyncEnumerable<LabeledBatch> ReadTestSplitAsync(
        string datasetVersionId, int maxSamples, int batchSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        if (!testSplits.TryGetValue(datasetVersionId, out var split))
        {
            throw DriftException.NotFound($"No test split for dataset version {datasetVersionId}.");
        }

        var count = maxSamples > 0 ? Math.Min(maxSamples, split.Labels.Length) : split.Labels.Length;
        var pixelsPerImage = split.Labels.Length == 0 ? 0 : split.Pixels.Length / split.Labels.Length;
        for (var start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(batchSize, count - start);
            yield return new LabeledBatch(
                split.Pixels.AsSpan(start * pixelsPerImage, n * pixelsPerImage).ToArray(),
                split.Labels.AsSpan(start, n).ToArray());
        }
    }
}
