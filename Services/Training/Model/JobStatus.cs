namespace Mlops.Training.Model;

/// <summary>Where a training job (or a sweep) is in its life; the numbers are the stored ones.</summary>
public enum JobStatus
{
    Unspecified = 0,
    Queued = 1,
    Running = 2,
    Succeeded = 3,
    Failed = 4,
    Cancelled = 5,
}
