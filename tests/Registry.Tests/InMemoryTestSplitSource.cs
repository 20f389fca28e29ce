using System.Runtime.CompilerServices;
using Mlops.Registry.Gate;
using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>A test split held in memory under one dataset version id, for gate tests without an Ingestion service.</summary>
internal sealed class InMemoryTestSplitSource(string datasetVersionId, LabeledImages images, IReadOnlyList<string> classNames) : ITestSplitSource
{
    public Task<TestSplitDescription> DescribeAsync(string version, CancellationToken cancellationToken) =>
        version == datasetVersionId
            ? Task.FromResult(new TestSplitDescription(1, images.Height, images.Width, classNames, images.Count))
            : throw RegistryException.FailedPrecondition($"No dataset version {version}.");

    public async IAsyncEnumerable<LabeledBatch> ReadAsync(string version, int batchSize, int maxSamples,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var total = maxSamples > 0 ? Math.Min(maxSamples, images.Count) : images.Count;
        for (var start = 0; start < total; start += batchSize)
        {
            await Task.Yield();
            var count = Math.Min(batchSize, total - start);
            yield return new LabeledBatch(
                images.Pixels.AsSpan(start * images.PixelsPerImage, count * images.PixelsPerImage).ToArray(),
                images.Labels.AsSpan(start, count).ToArray());
        }
    }
}
