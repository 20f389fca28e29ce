using StackExchange.Redis;

namespace Mlops.Training.Queue;

/// <summary>
/// A Redis stream read through one consumer group, so that every training replica shares the work. A consumer
/// renews the jobs it works on; one it stops renewing for <see cref="RedisQueueOptions.ClaimIdle"/> (its process died)
/// is taken over by another consumer with XAUTOCLAIM. Completed entries are acknowledged and deleted, so the stream
/// holds exactly the outstanding jobs.
/// </summary>
public sealed class RedisJobQueue(IConnectionMultiplexer redis, RedisQueueOptions options) : IJobQueue
{
    private const string JobIdField = "job_id";
    private const string PayloadField = "job";
    private readonly SemaphoreSlim groupCreated = new(1, 1);
    private bool groupExists;

    private IDatabase Database => redis.GetDatabase();

    public async Task EnqueueAsync(string jobId, byte[] payload, CancellationToken cancellationToken = default)
    {
        await EnsureGroupAsync();
        await Database.StreamAddAsync(options.StreamKey, [new NameValueEntry(JobIdField, jobId), new NameValueEntry(PayloadField, payload)]);
    }

    public async Task<JobLease> DequeueAsync(string consumer, CancellationToken cancellationToken)
    {
        await EnsureGroupAsync();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var claimed = await Database.StreamAutoClaimAsync(options.StreamKey, options.Group, consumer,
                (long)options.ClaimIdle.TotalMilliseconds, "0-0", 1);
            if (claimed.ClaimedEntries.Length > 0)
            {
                return await LeaseAsync(claimed.ClaimedEntries[0], consumer);
            }

            var read = await Database.StreamReadGroupAsync(options.StreamKey, options.Group, consumer, StreamPosition.NewMessages, 1);
            if (read.Length > 0)
            {
                return await LeaseAsync(read[0], consumer);
            }
            // StackExchange.Redis multiplexes one connection and so cannot block in XREADGROUP: poll instead.
            await Task.Delay(options.PollInterval, cancellationToken);
        }
    }

    public async Task RenewAsync(JobLease lease, CancellationToken cancellationToken = default) =>
        // Claiming an entry one already owns resets its idle time without touching the delivery count.
        await Database.StreamClaimIdsOnlyAsync(options.StreamKey, options.Group, lease.Consumer, 0, [lease.EntryId]);

    public async Task CompleteAsync(JobLease lease, CancellationToken cancellationToken = default)
    {
        await Database.StreamAcknowledgeAsync(options.StreamKey, options.Group, lease.EntryId);
        await Database.StreamDeleteAsync(options.StreamKey, [lease.EntryId]);
    }

    public async Task<IReadOnlySet<string>> OutstandingJobIdsAsync(CancellationToken cancellationToken = default)
    {
        var entries = await Database.StreamRangeAsync(options.StreamKey);
        return entries.Select(e => (string?)e[JobIdField]).OfType<string>().ToHashSet(StringComparer.Ordinal);
    }

    private async Task<JobLease> LeaseAsync(StreamEntry entry, string consumer)
    {
        var pending = await Database.StreamPendingMessagesAsync(options.StreamKey, options.Group, 1, consumer, entry.Id, entry.Id);
        var deliveries = pending.Length > 0 ? pending[0].DeliveryCount : 1;
        return new JobLease((string?)entry[JobIdField] ?? "", (byte[]?)entry[PayloadField] ?? [], consumer, entry.Id!, deliveries);
    }

    private async Task EnsureGroupAsync()
    {
        if (groupExists)
        {
            return;
        }

        await groupCreated.WaitAsync();
        try
        {
            if (groupExists)
            {
                return;
            }

            try
            {
                await Database.StreamCreateConsumerGroupAsync(options.StreamKey, options.Group, StreamPosition.Beginning, createStream: true);
            }
            catch (RedisServerException e) when (e.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another replica created it first.
            }
            groupExists = true;
        }
        finally
        {
            groupCreated.Release();
        }
    }
}
