namespace Mlops.Training.Workers;

/// <summary>Settings under "Training" in configuration.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Training";

    /// <summary>Jobs this process trains at once (each uses the config's thread count).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>How often a job may be started before it is marked failed (a worker dying mid-run costs one attempt).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Name of this process's queue consumers; defaults to host name and process id.</summary>
    public string? WorkerName { get; set; }

    /// <summary>Seconds a running job's queue entry may go unrenewed before another replica claims it (Redis queue).</summary>
    public double ClaimIdleSeconds { get; set; } = 60;

    /// <summary>
    /// How long a job's lease in the database lasts between renewals: shorter than the queue's claim idle time, so that
    /// when the queue hands a dead worker's job to another, its lease has already run out.
    /// </summary>
    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(0.6, ClaimIdleSeconds * 0.75));

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(Math.Max(0.2, ClaimIdleSeconds / 4));

    public string ConsumerPrefix => string.IsNullOrWhiteSpace(WorkerName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : WorkerName;
}
