using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Tests;

/// <summary>
/// A target that serves one request at a time and stalls once for 500 ms. Requests that were due
/// during the stall waited for it, and a load test that hides that wait under-reports the tail.
/// </summary>
public class CoordinatedOmissionTests
{
    private static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Open_model_latency_includes_the_time_requests_waited_behind_a_stall()
    {
        var runner = new LoadRunner([StallingSerialTarget()], [LoadSimulation.Inject(200, TimeSpan.FromSeconds(2))]);

        var result = await runner.RunAsync();

        // About 100 of the 400 requests were due during the stall; the 20 slowest (5%) waited 400 ms or more. The upper
        // bound is loose: on a loaded machine the serial target works off the backlog slowly.
        Assert.InRange(result.Total.Latency.MaxUs, 450_000, 10_000_000);
        Assert.True(result.Total.Latency.P95Us >= 250_000, $"p95 was {result.Total.Latency.P95Us} µs");
    }

    [Fact]
    public async Task Closed_model_with_one_copy_shows_the_stall_only_once()
    {
        var runner = new LoadRunner([StallingSerialTarget()], [LoadSimulation.KeepConstant(1, TimeSpan.FromSeconds(5))], new RunOptions { MaxRequests = 400 });

        var result = await runner.RunAsync();

        // The contrast that makes the open-model test meaningful: the same stall, measured from send time, stays out of
        // the p95 the open model must reach.
        Assert.InRange(result.Total.Latency.MaxUs, 450_000, 10_000_000);
        Assert.True(result.Total.Latency.P95Us < 250_000, $"p95 was {result.Total.Latency.P95Us} µs");
    }

    private static Scenario StallingSerialTarget()
    {
        var server = new SemaphoreSlim(1, 1);
        return new Scenario("serial", async (context, cancellationToken) =>
        {
            await server.WaitAsync(cancellationToken);
            try
            {
                if (context.InvocationNumber == 100)
                {
                    await Task.Delay(Stall, cancellationToken);
                }
                else
                {
                    await Task.Yield();
                }

                return StepResult.Ok();
            }
            finally
            {
                server.Release();
            }
        });
    }
}
