using Grpc.Core;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>
/// Serving keeps going while its dependencies die under load, with real processes: Redis (the cache), the drift service
/// (records are dropped and counted, never waited for) and the registry (the loaded model keeps serving). No prediction
/// may fail while they go down.
/// </summary>
public sealed class FaultToleranceTests : IAsyncLifetime
{
    private const int Workers = 4;
    private readonly RedisAndDriftStack stack = new();

    public Task InitializeAsync() => stack.InitializeAsync();

    public Task DisposeAsync() => stack.DisposeAsync();

    [Fact]
    public async Task Predictions_never_fail_while_redis_drift_and_the_registry_are_killed_one_after_another()
    {
        using var load = new CancellationTokenSource();
        var served = 0;
        var failures = new List<RpcException>();
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var index = worker; !load.IsCancellationRequested; index += Workers)
            {
                try
                {
                    await stack.Client.PredictAsync(Requests.Raw(index % Models.Test.Count), deadline: DateTime.UtcNow.AddSeconds(60));
                    Interlocked.Increment(ref served);
                }
                catch (RpcException error)
                {
                    lock (failures)
                    {
                        failures.Add(error);
                    }
                }
            }
        })).ToList();

        await ServedMoreThan(() => served, 20);
        await stack.Redis.StopAsync();
        await ServedMoreThan(() => served, Volatile.Read(ref served) + 20);
        // The real drift service answers inference's record batches: it refuses them (this model has no dataset lineage to
        // compare with), which inference counts as "rejected", not as drift being unavailable.
        await Until(async () => await DroppedRecords("rejected") > 0, () =>
            "the drift service never answered a record batch; drift said: " + string.Join(" | ", stack.DriftService!.Output.Split('\n').TakeLast(8)));
        var unavailableBefore = await DroppedRecords("drift_unavailable");
        await stack.DriftService!.DisposeAsync();
        await Until(async () => await DroppedRecords("drift_unavailable") > unavailableBefore, "records dropped while drift is down are never counted");
        await ServedMoreThan(() => served, Volatile.Read(ref served) + 20);
        await stack.Registry.StopAsync();
        await ServedMoreThan(() => served, Volatile.Read(ref served) + 20);
        load.Cancel();
        await Task.WhenAll(workers);

        Assert.True(failures.Count == 0, $"{failures.Count} predictions failed, first: {failures.FirstOrDefault()?.Status}");
        using var http = new HttpClient { BaseAddress = stack.Inference.HttpAddress };
        var health = await http.GetAsync("/alive");
        Assert.True(health.IsSuccessStatusCode);
    }

    private static Task ServedMoreThan(Func<int> served, int count) =>
        Until(() => Task.FromResult(served() > count), $"fewer than {count} predictions were served");

    private static Task Until(Func<Task<bool>> condition, string failure) => Until(condition, () => failure);

    private static async Task Until(Func<Task<bool>> condition, Func<string> failure)
    {
        // Generous: a loaded CI machine serves slowly, but a stall (a request waiting on a dead dependency) never ends.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail(failure());
            }

            await Task.Delay(100);
        }
    }

    private Task<double> DroppedRecords(string reason) =>
        MetricAsync(stack.Inference, "mlops_inference_drift_records_dropped", $"reason=\"{reason}\"");

    /// <summary>The sum of a counter's series (those whose labels contain <paramref name="labelText"/>) on a service's Prometheus scrape.</summary>
    private static async Task<double> MetricAsync(ServiceProcess service, string name, string labelText = "")
    {
        using var http = new HttpClient { BaseAddress = service.HttpAddress };
        var metrics = await http.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains(labelText, StringComparison.Ordinal))
            // "name{labels} value [timestamp]"
            .Sum(line => double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>The stack with Redis and the real drift service, so the faults are the real processes dying.</summary>
public sealed class RedisAndDriftStack : RedisStack
{
    protected override bool RunsRealDrift => true;
}
