using System.Text.Json.Serialization;

namespace Mlops.Modeling.Checkpoints;

/// <summary>
/// The plain part of a checkpoint. Network, optimizer, seed and batch size are kept so that resuming with a
/// different setup is refused instead of silently producing a run that matches neither.
/// </summary>
internal sealed record CheckpointHeader(
    int Epoch,
    int BestEpoch,
    double BestLoss,
    bool StoppedEarly,
    string Network,
    string Optimizer,
    long Seed,
    int BatchSize,
    int StepsPerEpoch,
    IReadOnlyList<StoredEpoch> Epochs);

internal sealed record StoredEpoch(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double TrainSeconds,
    double ValidationSeconds,
    double DataWaitSeconds,
    double ImagesPerSecond,
    bool IsBest,
    IReadOnlyList<double>? PhaseSeconds)
{
    public static StoredEpoch From(EpochMetrics e) => new(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy,
        e.LearningRate, e.TrainDuration.TotalSeconds, e.ValidationDuration.TotalSeconds, e.DataWait.TotalSeconds, e.ImagesPerSecond, e.IsBest,
        e.Phases?.Times.Select(t => t.TotalSeconds).ToArray());

    public EpochMetrics ToMetrics() => new(Epoch, TrainLoss, TrainAccuracy, ValidationLoss, ValidationAccuracy, LearningRate,
        TimeSpan.FromSeconds(TrainSeconds), TimeSpan.FromSeconds(ValidationSeconds), TimeSpan.FromSeconds(DataWaitSeconds), ImagesPerSecond, IsBest)
    {
        Phases = PhaseSeconds is { } seconds ? new Profiling.PhaseTotals(seconds.Select(TimeSpan.FromSeconds).ToArray()) : null,
    };
}

[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointHeader))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
