namespace Mlops.Modeling;

/// <summary>What the trainer reports while it runs: <see cref="StepProgress"/> after every step, <see cref="EpochMetrics"/> after every epoch.</summary>
public abstract record TrainingProgress(int Epoch);

/// <summary>
/// One optimisation step; Loss and Accuracy are of this batch. Epoch and Step count from 1.
/// EpochElapsed and ImagesPerSecond cover the epoch so far.
/// </summary>
public sealed record StepProgress(
    int Epoch,
    int Step,
    int StepsPerEpoch,
    double Loss,
    double Accuracy,
    double LearningRate,
    TimeSpan EpochElapsed,
    double ImagesPerSecond) : TrainingProgress(Epoch);

/// <summary>
/// One finished epoch. Train figures are averages over the epoch's steps; TrainDuration covers the steps
/// only (ImagesPerSecond is based on it), DataWait is how long those steps waited for data.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    TimeSpan TrainDuration,
    TimeSpan ValidationDuration,
    TimeSpan DataWait,
    double ImagesPerSecond,
    bool IsBest) : TrainingProgress(Epoch)
{
    /// <summary>The epoch's time per phase when the options ask for it, otherwise null.</summary>
    public Profiling.PhaseTotals? Phases { get; init; }
}
