using Grpc.Core;
using Mlops.Ingestion.V1;
using Mlops.Modeling;
using Mlops.Training.Jobs;
using ContractSplit = Mlops.Common.V1.Split;

namespace Mlops.Training.Clients;

/// <summary>Datasets from the Ingestion service: versions resolved by reference, splits streamed in batches and cached by version id.</summary>
public sealed class IngestionDatasetCatalog(IngestionService.IngestionServiceClient client, DatasetCache cache) : IDatasetCatalog
{
    private const int BatchSize = 2048;

    public async Task<DatasetInfo> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        DatasetVersion version;
        try
        {
            version = await client.GetDatasetAsync(new GetDatasetRequest { Reference = reference }, cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new DatasetNotFoundException($"Ingestion has no dataset '{reference}': {e.Status.Detail}");
        }

        var shape = version.Shape;
        var counts = version.Splits.ToDictionary(s => ToSplit(s.Split), s => s.Count);
        return new DatasetInfo(version.Id, version.Name, version.ClassNames.ToList(),
            shape is { Channels: > 0 } ? shape.Channels : 1, shape is { Height: > 0 } ? shape.Height : 28, shape is { Width: > 0 } ? shape.Width : 28,
            counts);
    }

    public async Task<LabeledImages> LoadSplitAsync(DatasetInfo dataset, DataSplit split, CancellationToken cancellationToken)
    {
        if (cache.TryRead(dataset, split) is { } cached)
        {
            return cached;
        }

        var count = checked((int)dataset.Count(split));
        var size = dataset.Channels * dataset.Height * dataset.Width;
        var pixels = new byte[(long)count * size];
        var labels = new byte[count];
        var received = 0;
        using var call = client.StreamSamples(new StreamSamplesRequest
        {
            VersionId = dataset.DatasetVersionId,
            Split = ToContract(split),
            BatchSize = BatchSize,
        }, cancellationToken: cancellationToken);
        await foreach (var batch in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (batch.StartIndex != received || received + batch.Count > count || batch.Pixels.Length != batch.Count * size || batch.Labels.Length != batch.Count)
            {
                throw new InvalidOperationException($"Ingestion sent a malformed batch of the {split} split of {dataset.DatasetVersionId} at image {batch.StartIndex}.");
            }

            batch.Pixels.Span.CopyTo(pixels.AsSpan(received * size));
            batch.Labels.Span.CopyTo(labels.AsSpan(received));
            received += batch.Count;
        }
        if (received != count)
        {
            throw new InvalidOperationException($"Ingestion sent {received} of the {count} images of the {split} split of {dataset.DatasetVersionId}.");
        }

        cache.Write(dataset, split, pixels, labels);
        return new LabeledImages(pixels, labels, dataset.Channels, dataset.Height, dataset.Width);
    }

    private static DataSplit ToSplit(ContractSplit split) => split switch
    {
        ContractSplit.Validation => DataSplit.Validation,
        ContractSplit.Test => DataSplit.Test,
        _ => DataSplit.Train,
    };

    private static ContractSplit ToContract(DataSplit split) => split switch
    {
        DataSplit.Validation => ContractSplit.Validation,
        DataSplit.Test => ContractSplit.Test,
        _ => ContractSplit.Train,
    };
}
