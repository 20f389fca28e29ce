using Mlops.TestSupport;
using Mlops.Training.Queue;
using StackExchange.Redis;

namespace Mlops.Training.Tests;

public sealed class JobQueueTests : IClassFixture<SharedRedisServer>, IDisposable
{
    // How long a dequeue may take on a loaded machine; it returns as soon as a job is there.
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(120);
    private readonly RedisServer redis;
    private readonly List<ConnectionMultiplexer> connections = [];

    public JobQueueTests(SharedRedisServer redis) => this.redis = redis.Server;

    public static TheoryData<string> Kinds => ["in-process", "redis"];

    public void Dispose()
    {
        foreach (var connection in connections)
        {
            connection.Dispose();
        }
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
        {
            await replicaA.EnqueueAsync($"job-{i}", []);
        }

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
        var claimIdle = TimeSpan.FromSeconds(2);
        var key = NewKey();
        var owner = Redis(key, claimIdle);
        var other = Redis(key, claimIdle);
        await owner.EnqueueAsync("busy", []);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lease = await Dequeue(owner, "owner");

        // The other consumer keeps trying for three idle periods while the owner renews every 100 ms.
        using var window = new CancellationTokenSource(3 * claimIdle);
        var attempt = other.DequeueAsync("other", window.Token);
        var previousRenewal = TimeSpan.Zero;
        var longestUnrenewed = TimeSpan.Zero;
        while (!attempt.IsCompleted)
        {
            var renewal = clock.Elapsed;
            await owner.RenewAsync(lease);
            // From the previous renewal's start to the end of this one: the longest the entry can have stayed idle meanwhile.
            longestUnrenewed = Max(longestUnrenewed, clock.Elapsed - previousRenewal);
            previousRenewal = renewal;
            await Task.WhenAny(attempt, Task.Delay(100));
        }

        longestUnrenewed = Max(longestUnrenewed, clock.Elapsed - previousRenewal);
        if (longestUnrenewed < claimIdle)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => attempt);
        }
        else
        {
            // The machine stalled the owner for a whole idle period, so its lease lapsed as it would in production and may
            // have been claimed; what must hold then is that the job is still outstanding.
            try
            {
                await attempt;
            }
            catch (OperationCanceledException)
            {
            }
        }

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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string NewKey() => $"test:jobs:{Guid.NewGuid():N}";

    private static async Task<JobLease> Dequeue(IJobQueue queue, string consumer)
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await queue.DequeueAsync(consumer, timeout.Token);
    }
}
