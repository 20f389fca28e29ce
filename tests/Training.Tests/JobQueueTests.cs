using Mlops.Training.Queue;
using StackExchange.Redis;

namespace Mlops.Training.Tests;

public sealed class JobQueueTests : IClassFixture<RedisServer>, IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly RedisServer redis;
    private readonly List<ConnectionMultiplexer> connections = [];

    public JobQueueTests(RedisServer redis) => this.redis = redis;

    public static TheoryData<string> Kinds => ["in-process", "redis"];

    public void Dispose()
    {
        foreach (var connection in connections)
            connection.Dispose();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Jobs_come_out_in_order_with_their_payload_and_stay_outstanding_until_completed(string kind)
    {
        var queue = Create(kind);
        await queue.EnqueueAsync("job-1", [1, 2, 3]);
        await queue.EnqueueAsync("job-2", [4]);

        var first = await Dequeue(queue, "worker-a");
        var second = await Dequeue(queue, "worker-b");

        Assert.Equal("job-1", first.JobId);
        Assert.Equal([1, 2, 3], first.Payload);
        Assert.Equal("job-2", second.JobId);
        Assert.Equal(1, first.Deliveries);
        Assert.Equal(["job-1", "job-2"], (await queue.OutstandingJobIdsAsync()).Order());

        await queue.CompleteAsync(first);
        Assert.Equal(["job-2"], await queue.OutstandingJobIdsAsync());
        await queue.CompleteAsync(second);
        Assert.Empty(await queue.OutstandingJobIdsAsync());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Dequeue_waits_for_a_job(string kind)
    {
        var queue = Create(kind);
        var waiting = queue.DequeueAsync("worker", CancellationToken.None);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);

        await queue.EnqueueAsync("late", []);

        Assert.Equal("late", (await waiting.WaitAsync(Wait)).JobId);
    }

    [Fact]
    public async Task Two_replicas_share_the_jobs_of_one_stream()
    {
        var key = NewKey();
        var replicaA = Redis(key, TimeSpan.FromMinutes(1));
        var replicaB = Redis(key, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 4; i++)
            await replicaA.EnqueueAsync($"job-{i}", []);

        var taken = new[]
        {
            await Dequeue(replicaA, "a"), await Dequeue(replicaB, "b"), await Dequeue(replicaA, "a"), await Dequeue(replicaB, "b"),
        };

        Assert.Equal(4, taken.Select(l => l.JobId).Distinct().Count());
    }

    [Fact]
    public async Task The_job_of_a_consumer_that_stopped_renewing_is_claimed_by_another()
    {
        var key = NewKey();
        var crashed = Redis(key, TimeSpan.FromMilliseconds(500));
        var survivor = Redis(key, TimeSpan.FromMilliseconds(500));
        await crashed.EnqueueAsync("orphan", [9]);
        var lost = await Dequeue(crashed, "dead-worker");
        Assert.Equal("orphan", lost.JobId);

        // The crashed consumer never renews or completes; after the idle timeout the survivor gets the job.
        var claimed = await Dequeue(survivor, "live-worker");

        Assert.Equal("orphan", claimed.JobId);
        Assert.Equal([9], claimed.Payload);
        Assert.Equal("live-worker", claimed.Consumer);
        Assert.Equal(2, claimed.Deliveries);
        await survivor.CompleteAsync(claimed);
        Assert.Empty(await survivor.OutstandingJobIdsAsync());
    }

    [Fact]
    public async Task A_renewed_lease_is_not_claimed()
    {
        var key = NewKey();
        var owner = Redis(key, TimeSpan.FromMilliseconds(600));
        var other = Redis(key, TimeSpan.FromMilliseconds(600));
        await owner.EnqueueAsync("busy", []);
        var lease = await Dequeue(owner, "owner");

        using var window = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var attempt = other.DequeueAsync("other", window.Token);
        while (!window.IsCancellationRequested)
        {
            await owner.RenewAsync(lease);
            await Task.Delay(150);
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt);
        Assert.Equal(["busy"], await owner.OutstandingJobIdsAsync());
    }

    private IJobQueue Create(string kind) => kind == "redis" ? Redis(NewKey(), TimeSpan.FromMinutes(1)) : new InProcessJobQueue();

    private RedisJobQueue Redis(string key, TimeSpan claimIdle)
    {
        var connection = ConnectionMultiplexer.Connect(redis.ConnectionString);
        connections.Add(connection);
        return new RedisJobQueue(connection, new RedisQueueOptions
        {
            StreamKey = key,
            ClaimIdle = claimIdle,
            PollInterval = TimeSpan.FromMilliseconds(50),
        });
    }

    private static string NewKey() => $"test:jobs:{Guid.NewGuid():N}";

    private static async Task<JobLease> Dequeue(IJobQueue queue, string consumer)
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await queue.DequeueAsync(consumer, timeout.Token);
    }
}
