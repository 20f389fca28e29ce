using System.Threading.Channels;

namespace Mlops.Training.Queue;

/// <summary>The queue of one process, for when there is no Redis: jobs in it are lost with the process, and the startup recovery enqueues them again from the job store.</summary>
public sealed class InProcessJobQueue : IJobQueue
{
    private readonly Channel<JobLease> waiting = Channel.CreateUnbounded<JobLease>();
    private readonly Dictionary<string, JobLease> outstanding = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public Task EnqueueAsync(string jobId, byte[] payload, CancellationToken cancellationToken = default)
    {
        var lease = new JobLease(jobId, payload, "", Guid.NewGuid().ToString("N"), 0);
        lock (gate)
        {
            outstanding[lease.EntryId] = lease;
        }
        waiting.Writer.TryWrite(lease);
        return Task.CompletedTask;
    }

    public async Task<JobLease> DequeueAsync(string consumer, CancellationToken cancellationToken)
    {
        var next = await waiting.Reader.ReadAsync(cancellationToken);
        return next with { Consumer = consumer, Deliveries = next.Deliveries + 1 };
    }

    public Task RenewAsync(JobLease lease, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CompleteAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            outstanding.Remove(lease.EntryId);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<string>> OutstandingJobIdsAsync(CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlySet<string>>(outstanding.Values.Select(l => l.JobId).ToHashSet(StringComparer.Ordinal));
        }
    }
}
