using Mlops.Drift.Grpc;
using Mlops.Drift.Model;
using Mlops.Drift.V1;
using Xunit.Abstractions;

namespace Mlops.Drift.Tests;

public sealed class RobustnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reports_accuracy_per_perturbation_and_strength_and_whether_drift_is_detected()
    {
        using var stack = new DriftStack();
        var request = new RobustnessCheckRequest { Model = $"{DriftStack.ModelName}/{DriftStack.ModelVersion}", MaxSamples = 500, Seed = 3 };
        request.Perturbations.AddRange(["brightness", "occlusion"]);
        request.Strengths.AddRange([0, 0.4, 0.8]);

        var report = await stack.Robustness.RunAsync(request.ToDomain(), CancellationToken.None);
        foreach (var result in report.Results)
        {
            output.WriteLine($"{result.Perturbation} {result.Strength}: accuracy {result.Accuracy:P1}, drift {result.DriftDetected} ({result.DriftedShare:P0})");
        }

        Assert.Equal(500, report.Samples);
        Assert.InRange(report.BaselineAccuracy, 0.5, 0.9);
        Assert.Equal(6, report.Results.Count);
        var unchanged = report.Results.Where(result => result.Strength == 0).ToList();
        Assert.All(unchanged, result => Assert.Equal(report.BaselineAccuracy, result.Accuracy));
        Assert.All(unchanged, result => Assert.False(result.DriftDetected));
        var brighter = report.Results.Single(result => result.Perturbation == "brightness" && result.Strength == 0.4);
        Assert.True(brighter.DriftDetected);
        var occluded = report.Results.Single(result => result.Perturbation == "occlusion" && result.Strength == 0.8);
        Assert.True(occluded.Accuracy < report.BaselineAccuracy);
        Assert.True(occluded.DriftDetected);
    }

    [Fact]
    public async Task Unknown_perturbations_strengths_and_models_are_refused()
    {
        using var stack = new DriftStack();

        var badKind = new RobustnessCheckRequest { Model = "fashion/1", Perturbations = { "fog" } };
        var badStrength = new RobustnessCheckRequest { Model = "fashion/1", Strengths = { 1.5 } };
        var badModel = new RobustnessCheckRequest { Model = "fashion/7" };

        Assert.Equal(DriftErrorKind.InvalidArgument, (await Assert.ThrowsAsync<DriftException>(() => stack.Robustness.RunAsync(badKind.ToDomain(), default))).Kind);
        Assert.Equal(DriftErrorKind.InvalidArgument, (await Assert.ThrowsAsync<DriftException>(() => stack.Robustness.RunAsync(badStrength.ToDomain(), default))).Kind);
        Assert.Equal(DriftErrorKind.NotFound, (await Assert.ThrowsAsync<DriftException>(() => stack.Robustness.RunAsync(badModel.ToDomain(), default))).Kind);
    }
}
