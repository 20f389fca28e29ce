using System.Diagnostics.Metrics;
using Mlops.Training.Model;

namespace Mlops.Training.Jobs;

/// <summary>Ended jobs by final state, exported at /metrics as mlops_training_jobs_ended_total{state=...} for alerting on failures.</summary>
public sealed class TrainingMetrics : IJobEndListener
{
    public const string MeterName = "Mlops.Training";

    private readonly Counter<long> ended;

    public TrainingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        ended = meter.CreateCounter<long>("mlops.training.jobs.ended", "{job}", "Training jobs that reached a final state, by state.");
    }

    public void JobEnded(TrainingJob job) =>
        ended.Add(1, new KeyValuePair<string, object?>("state", job.State switch
        {
            JobStatus.Succeeded => "succeeded",
            JobStatus.Failed => "failed",
            JobStatus.Cancelled => "cancelled",
            _ => "other",
        }));
}
