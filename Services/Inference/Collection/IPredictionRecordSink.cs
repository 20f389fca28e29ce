namespace Mlops.Inference.Collection;

/// <summary>Where batches of prediction records go (the drift service).</summary>
public interface IPredictionRecordSink
{
    /// <summary>Delivers the records; returns how many the receiver rejected. Throws when it cannot be reached.</summary>
    Task<long> SendAsync(IReadOnlyList<CollectedPrediction> records, CancellationToken cancellationToken);
}
