using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mlops.Drift.V1;
using Mlops.Imaging;
using ServedLineage = Mlops.Inference.Serving.ModelLineage;

namespace Mlops.Inference.Collection;

/// <summary>Sends prediction records to DriftService.Record, one client-streamed call per batch.</summary>
public sealed class DriftRecordSink(DriftService.DriftServiceClient drift) : IPredictionRecordSink
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public async Task<long> SendAsync(IReadOnlyList<CollectedPrediction> records, CancellationToken cancellationToken)
    {
        var batch = new RecordBatch();
        batch.FeatureNames.AddRange(ImageFeatures.Names);
        foreach (var record in records)
        {
            batch.Records.Add(ToMessage(record));
        }

        // One lineage per model version of the batch (each served version has one lineage instance). A lineage beyond Drift's
        // limits is left out rather than having the whole batch refused: Drift then asks the registry about that version.
        batch.Models.AddRange(records.Select(record => record.Lineage).OfType<ServedLineage>().Distinct().Select(ToMessage)
            .Where(lineage => RecordBatchLimits.Problem(lineage) is null)
            .Take(RecordBatchLimits.MaxModels));

        using var call = drift.Record(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(batch, cancellationToken);
        await call.RequestStream.CompleteAsync();
        var summary = await call.ResponseAsync;
        return summary.Rejected;
    }

    private static ModelLineage ToMessage(ServedLineage lineage)
    {
        var message = new ModelLineage
        {
            ModelName = lineage.ModelName,
            ModelVersion = lineage.ModelVersion,
            DatasetVersionId = lineage.DatasetVersionId,
            RunId = lineage.RunId,
            OnnxSha256 = lineage.OnnxSha256,
        };
        message.ClassNames.AddRange(lineage.ClassNames);
        return message;
    }

    private static PredictionRecord ToMessage(CollectedPrediction record)
    {
        var message = new PredictionRecord
        {
            ModelName = record.ModelName,
            ModelVersion = record.ModelVersion,
            Timestamp = Timestamp.FromDateTimeOffset(record.Timestamp),
            PredictedLabel = record.PredictedLabel,
            RequestId = record.RequestId,
        };
        Span<double> features = stackalloc double[ImageFeatures.Count];
        record.Features.CopyTo(features);
        foreach (var value in features)
        {
            message.Features.Add(value);
        }

        message.Probabilities.AddRange(record.Probabilities);
        if (record.RawPixels is { } raw)
        {
            message.RawPixels = ByteString.CopyFrom(raw);
        }

        return message;
    }
}
