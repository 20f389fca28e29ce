namespace Mlops.Training.Queue;

public sealed record RedisQueueOptions
{
    public string StreamKey { get; init; } = "mlops:training:jobs";

    public string Group { get; init; } = "training-workers";

    /// <summary>How long a leased job may go unrenewed before another consumer claims it.</summary>
    public TimeSpan ClaimIdle { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
