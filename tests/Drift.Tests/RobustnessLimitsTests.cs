using Mlops.Drift.Grpc;
using Mlops.Drift.Model;
using Mlops.Drift.Robustness;
using Mlops.Drift.V1;

namespace Mlops.Drift.Tests;

/// <summary>A robustness check's cost is bounded by validated inputs, and it stops when its caller leaves.</summary>
public sealed class RobustnessLimitsTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(RobustnessCheck.MaxSamplesLimit + 1)]
    [InlineData(int.MaxValue)]
    public async Task Max_samples_outside_its_range_is_refused_naming_the_limit(int maxSamples)
    {
        using var stack = new DriftStack();

        var error = await Assert.ThrowsAsync<DriftException>(() => stack.Robustness.RunAsync(
            new RobustnessCheckRequest { Model = $"{DriftStack.ModelName}/{DriftStack.ModelVersion}", MaxSamples = maxSamples }.ToDomain(), default));

        Assert.Equal(DriftErrorKind.InvalidArgument, error.Kind);
        Assert.Contains($"{RobustnessCheck.MaxSamplesLimit}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_huge_model_reference_is_invalid_not_a_registry_outage_and_is_echoed_cut()
    {
        using var stack = new DriftStack();

        var error = await Assert.ThrowsAsync<DriftException>(() => stack.Robustness.RunAsync(
            new RobustnessCheckRequest { Model = new string('m', 100_000) + "/1" }.ToDomain(), default));

        Assert.Equal(DriftErrorKind.InvalidArgument, error.Kind);
        Assert.True(error.Message.Length < 600, $"the message is {error.Message.Length} characters");
    }

    [Fact]
    public async Task A_cancelled_check_stops_instead_of_running_every_perturbation()
    {
        using var stack = new DriftStack();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stack.Robustness.RunAsync(
            new RobustnessCheckRequest { Model = $"{DriftStack.ModelName}/{DriftStack.ModelVersion}", MaxSamples = 500 }.ToDomain(), cancelled.Token));
    }
}
