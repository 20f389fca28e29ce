namespace Mlops.Training.Model;

/// <summary>A sweep: its trials (jobs), the metric and goal that judge them, and the best trial so far.</summary>
public sealed class ParameterSweep
{
    public string Id { get; set; } = "";

    /// <summary>RUNNING until every trial ended, then SUCCEEDED if one succeeded, else FAILED.</summary>
    public JobStatus State { get; set; }

    public string Metric { get; set; } = "";

    public SweepGoal Goal { get; set; }

    public List<TrainingJob> Trials { get; init; } = [];

    public string BestJobId { get; set; } = "";

    public double BestValue { get; set; }

    public Dictionary<string, string> BestParameters { get; init; } = new(StringComparer.Ordinal);

    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The per-epoch metric the median stopping rule compares (the sweep metric when it is reported every epoch).</summary>
    public string StoppingMetric { get; set; } = "";
}
