namespace Mlops.Training.Queue;

/// <summary>
/// Job ids waiting for a worker. A dequeued job stays leased to its consumer until <see cref="CompleteAsync"/>;
/// a lease its consumer stops renewing (the worker died) is handed to another consumer.
/// </summary>
public interface IJobQueue
{
    /// <summary>Adds a job; <paramref name="payload"/> travels with it (the job message, for replicas that have not seen it).</summary>
    Task EnqueueAsync(string jobId, byte[] payload, CancellationToken cancellationToken = default);

    /// <summary>The next job for <paramref name="consumer"/>, waiting until there is one.</summary>
    Task<JobLease> DequeueAsync(string consumer, CancellationToken cancellationToken);

    /// <summary>Tells the queue the consumer is still working on the job (resets its idle time).</summary>
    Task RenewAsync(JobLease lease, CancellationToken cancellationToken = default);

    /// <summary>Removes a finished job for good.</summary>
    Task CompleteAsync(JobLease lease, CancellationToken cancellationToken = default);

    /// <summary>Ids of every job enqueued and not completed, leased or not.</summary>
    Task<IReadOnlySet<string>> OutstandingJobIdsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A job handed to one consumer. <see cref="Deliveries"/> counts how often the queue has handed it out.</summary>
public sealed record JobLease(string JobId, byte[] Payload, string Consumer, string EntryId, long Deliveries);
