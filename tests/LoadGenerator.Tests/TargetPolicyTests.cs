using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Tests;

public class TargetPolicyTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.8.9.10:80", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("https://[::1]:7001", true)]
    [InlineData("http://10.0.0.1:5000", false)]
    [InlineData("http://192.168.1.20", false)]
    [InlineData("https://inference-abc.a.run.app", false)]
    [InlineData("http://localhost.example.com", false)]
    [InlineData("http://[::2]:5000", false)]
    public void Knows_loopback_from_everything_else(string target, bool loopback)
    {
        Assert.Equal(loopback, TargetPolicy.IsLoopback(new Uri(target)));
    }

    [Fact]
    public async Task Runner_refuses_a_remote_target_before_running_any_step()
    {
        var calls = 0;
        var scenario = new Scenario("counting", (_, _) =>
        {
            Interlocked.Increment(ref calls);
            return Task.FromResult(StepResult.Ok());
        });
        var runner = new LoadRunner([scenario], [LoadSimulation.KeepConstant(1, TimeSpan.FromMilliseconds(200))], new RunOptions { Target = new Uri("http://10.0.0.1:5000") });

        await Assert.ThrowsAsync<TargetNotAllowedException>(() => runner.RunAsync());
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Runner_accepts_a_remote_target_when_explicitly_allowed()
    {
        var runner = new LoadRunner(
            [new Scenario("noop", (_, _) => Task.FromResult(StepResult.Ok()))],
            [LoadSimulation.KeepConstant(1, TimeSpan.FromSeconds(30))],
            new RunOptions { Target = new Uri("http://10.0.0.1:5000"), AllowNonLoopback = true, MaxRequests = 5 });

        var result = await runner.RunAsync();

        Assert.Equal(5, result.Total.Count);
    }
}
