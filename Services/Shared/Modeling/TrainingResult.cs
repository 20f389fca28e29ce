namespace Mlops.Modeling;

/// <summary>
/// The outcome of a training run. <see cref="Model"/> holds the weights of the best epoch (lowest
/// validation loss) in evaluation mode; the caller owns it and disposes it.
/// </summary>
public sealed record TrainingResult(
    CnnModel Model,
    IReadOnlyList<EpochMetrics> Epochs,
    int BestEpoch,
    bool StoppedEarly,
    TimeSpan Duration)
{
    public EpochMetrics Best => Epochs[BestEpoch - 1];
}
