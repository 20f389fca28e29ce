using System.Text.Json;
using Mlops.Modeling.Profiling;

namespace Mlops.Modeling.Tests;

public sealed class ProfilerTests
{
    [Fact]
    public void Profiled_epochs_carry_phase_times_and_the_window_becomes_a_chrome_trace()
    {
        var options = SmallRuns.Options with { Epochs = 2, ProfilePhases = true, TraceStartStep = 40, TraceSteps = 20 };
        var reports = new List<TrainingProgress>();
        using var model = new CnnTrainer(SmallRuns.Config, options).Train(SmallRuns.Train, SmallRuns.Validation, new ListProgress(reports)).Model;

        var epochs = reports.OfType<EpochMetrics>().ToList();
        Assert.All(epochs, e =>
        {
            Assert.NotNull(e.Phases);
            Assert.All(PhaseTotals.Phases.Where(p => p != TrainingPhase.DataWait), p => Assert.True(e.Phases[p] > TimeSpan.Zero, $"{p} took no time"));
            Assert.True(e.Phases[TrainingPhase.Forward] < e.TrainDuration);
        });

        // 3,000 images in batches of 64 make 47 steps an epoch: the window (steps 40-59) spans both epochs.
        var trace = Assert.Single(reports.OfType<ProfileTrace>());
        Assert.Equal(20, trace.Steps);
        using var document = JsonDocument.Parse(trace.Json);
        var events = document.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var complete = events.Where(e => e.GetProperty("ph").GetString() == "X").ToList();
        Assert.Equal(20, complete.Count(e => e.GetProperty("name").GetString() == "step"));
        foreach (var phase in new[] { "data_wait", "forward", "backward", "optimizer_step" })
        {
            Assert.Equal(20, complete.Count(e => e.GetProperty("name").GetString() == phase));
        }

        Assert.Single(complete, e => e.GetProperty("name").GetString() == "evaluation");
        Assert.All(complete, e =>
        {
            Assert.True(e.GetProperty("ts").GetDouble() >= 0);
            Assert.True(e.GetProperty("dur").GetDouble() >= 0);
            Assert.InRange(e.GetProperty("args").GetProperty("step").GetInt64(), 40, 59);
        });
        var timestamps = complete.Select(e => e.GetProperty("ts").GetDouble()).ToList();
        Assert.Equal(timestamps.Order(), timestamps);
    }

    [Fact]
    public void Without_profiling_epochs_have_no_phase_times_and_there_is_no_trace()
    {
        var reports = new List<TrainingProgress>();
        using var model = new CnnTrainer(SmallRuns.Config, SmallRuns.Options with { TraceSteps = 10 })
            .Train(SmallRuns.Train, SmallRuns.Validation, new ListProgress(reports)).Model;

        Assert.All(reports.OfType<EpochMetrics>(), e => Assert.Null(e.Phases));
        Assert.Empty(reports.OfType<ProfileTrace>());
    }
}
