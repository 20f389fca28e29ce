using System.Globalization;
using Grpc.Core;
using Mlops.Drift.V1;

namespace Mlops.Drift.Tests;

/// <summary>
/// A caller that gives up takes the server's work with it: a robustness check of every perturbation at every strength
/// (minutes of CPU) is cancelled by its client, and the Drift process must stop working on it. Proven by the service's own
/// handler metrics, not by timing: the handler ends with CANCELLED (a handler that ignored the cancellation would do all
/// its work and end OK), no handler of the method is left running, and the process' CPU use falls back to idle.
/// </summary>
public sealed class CancelledCallTests(DriftServiceFixture fixture) : IClassFixture<DriftServiceFixture>
{
    private const string Method = "/mlops.drift.v1.DriftService/RunRobustnessCheck";

    [Fact]
    public async Task A_cancelled_robustness_check_stops_its_work_on_the_server()
    {
        var request = new RobustnessCheckRequest { Model = $"{DriftServiceFixture.ModelName}/{fixture.ModelVersion}", MaxSamples = 10_000 };
        request.Strengths.AddRange(Enumerable.Range(0, 20).Select(step => step / 19.0));
        var cancelledBefore = await MetricAsync("mlops_grpc_server_calls_total", $"grpc_status=\"{StatusCode.Cancelled}\"");

        using var caller = new CancellationTokenSource();
        var call = fixture.Client.RunRobustnessCheckAsync(request, cancellationToken: caller.Token);
        await Until(async () => await MetricAsync("mlops_grpc_server_active_calls") == 1, "the check never started running");
        caller.Cancel();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        await Until(async () => await MetricAsync("mlops_grpc_server_active_calls") == 0, "the cancelled check is still running on the server");
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await Until(async () => await MetricAsync("mlops_grpc_server_calls_total", $"grpc_status=\"{StatusCode.Cancelled}\"") == cancelledBefore + 1,
            "the handler did not end CANCELLED", MethodLinesAsync);
        Assert.Equal(0, await MetricAsync("mlops_grpc_server_calls_total", $"grpc_status=\"{StatusCode.OK}\""));
        await Until(() => Task.FromResult(IsIdleFor(TimeSpan.FromSeconds(2))), "the process kept using CPU after the check was cancelled");
        using var http = new HttpClient { BaseAddress = fixture.Drift.HttpAddress };
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
    }

    /// <summary>The sum of <paramref name="name"/>'s samples for the robustness check (and <paramref name="label"/>) in the service's /metrics.</summary>
    private async Task<double> MetricAsync(string name, string label = "")
    {
        using var http = new HttpClient { BaseAddress = fixture.Drift.HttpAddress };
        var metrics = await http.GetStringAsync("/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal)
                && line.Contains($"grpc_method=\"{Method}\"", StringComparison.Ordinal)
                && line.Contains(label, StringComparison.Ordinal))
            // "name{labels} value [timestamp]"
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture));
    }

    /// <summary>Whether the Drift process used less than a tenth of a core over <paramref name="window"/> (from /proc/&lt;pid&gt;/stat).</summary>
    private bool IsIdleFor(TimeSpan window)
    {
        var before = CpuTicks();
        Thread.Sleep(window);
        // Clock ticks are 1/100 s on Linux.
        return (CpuTicks() - before) / 100.0 < window.TotalSeconds * 0.1;
    }

    private long CpuTicks()
    {
        var stat = File.ReadAllText($"/proc/{fixture.Drift.ProcessId}/stat");
        // After "pid (comm) ", utime and stime are the 12th and 13th fields.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private async Task<string> MethodLinesAsync()
    {
        using var http = new HttpClient { BaseAddress = fixture.Drift.HttpAddress };
        var metrics = await http.GetStringAsync("/metrics");
        return string.Join('\n', metrics.Split('\n').Where(line => line.Contains(Method, StringComparison.Ordinal)));
    }

    private static async Task Until(Func<Task<bool>> condition, string failure, Func<Task<string>>? state = null)
    {
        // Generous: a loaded CI machine is slow, but work that was never stopped does not stop within it either.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (!await condition())
        {
            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail(state is null ? failure : $"{failure}; the method's metrics:\n{await state()}");
            }

            await Task.Delay(100);
        }
    }
}
