namespace Mlops.Modeling.Profiling;

/// <summary>Where a training step's time goes. Evaluation is the validation pass after each epoch.</summary>
public enum TrainingPhase
{
    /// <summary>Waiting for the next batch and turning it into tensors.</summary>
    DataWait,
    Forward,
    Backward,
    /// <summary>The optimizer's update of the weights.</summary>
    Optimizer,
    Evaluation,
}

/// <summary>Time spent in each <see cref="TrainingPhase"/> over some span (an epoch, a run).</summary>
public sealed record PhaseTotals(IReadOnlyList<TimeSpan> Times)
{
    public static IReadOnlyList<TrainingPhase> Phases { get; } = Enum.GetValues<TrainingPhase>();

    public TimeSpan this[TrainingPhase phase] => Times[(int)phase];

    /// <summary>"data_wait", "forward", ...: the phase's name in metric keys and traces.</summary>
    public static string Name(TrainingPhase phase) => phase switch
    {
        TrainingPhase.DataWait => "data_wait",
        TrainingPhase.Forward => "forward",
        TrainingPhase.Backward => "backward",
        TrainingPhase.Optimizer => "optimizer_step",
        TrainingPhase.Evaluation => "evaluation",
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase."),
    };
}

/// <summary>A Chrome trace-event JSON document (Perfetto, chrome://tracing) of the profiled window of steps.</summary>
public sealed record ProfileTrace(int Epoch, int Steps, byte[] Json) : TrainingProgress(Epoch)
{
    public const string ArtifactName = "profile/trace.json";
    public const string MediaType = "application/json";
}
