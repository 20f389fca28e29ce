using System.Runtime.CompilerServices;
using Grpc.Core;
using Mlops.Common.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.Gate;

namespace Mlops.Registry.Clients;

/// <summary>Reads a dataset version's test split from the Ingestion service (GetDataset, then StreamSamples).</summary>
public sealed class IngestionTestSplitSource(IngestionService.IngestionServiceClient ingestion) : ITestSplitSource
{
    public async Task<TestSplitDescription> DescribeAsync(string datasetVersionId, CancellationToken cancellationToken)
    {
        DatasetVersion version;
        try
        {
            version = await ingestion.GetDatasetAsync(new GetDatasetRequest { Reference = datasetVersionId }, cancellationToken: cancellationToken);
        }
        catch (RpcException error)
        {
            throw Translate(error, datasetVersionId);
        }

        var test = version.Splits.FirstOrDefault(split => split.Split == Split.Test);
        if (test is null || test.Count == 0)
        {
            throw RegistryException.FailedPrecondition(
                $"Dataset version {datasetVersionId} has no test split, so the gate has nothing held out to evaluate on.");
        }

        var shape = version.Shape ?? new ImageShape { Channels = 1, Height = 28, Width = 28 };
        return new TestSplitDescription(shape.Channels, shape.Height, shape.Width, version.ClassNames.ToList(), test.Count);
    }

    public async IAsyncEnumerable<LabeledBatch> ReadAsync(string datasetVersionId, int batchSize, int maxSamples,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in ingestion.ReadTestSplitAsync(datasetVersionId, batchSize, maxSamples, error => Translate(error, datasetVersionId), cancellationToken))
        {
            yield return new LabeledBatch(batch.Pixels.ToByteArray(), batch.Labels.ToByteArray());
        }
    }

    private static RegistryException Translate(RpcException error, string datasetVersionId) => error.StatusCode switch
    {
        StatusCode.NotFound => RegistryException.FailedPrecondition(
            $"The gate needs dataset version {datasetVersionId} from Ingestion, which does not have it: {error.Status.Detail}"),
        StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Unimplemented => new RegistryException(RegistryErrorKind.Unavailable,
            $"The gate cannot read the test split of {datasetVersionId} from Ingestion ({error.StatusCode}: {error.Status.Detail}); try again when Ingestion is up.", error),
        _ => new RegistryException(RegistryErrorKind.Unavailable,
            $"Ingestion failed to serve the test split of {datasetVersionId} ({error.StatusCode}: {error.Status.Detail}).", error),
    };
}
