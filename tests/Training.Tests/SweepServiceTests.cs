using Grpc.Core;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

[Collection(TrainingStackCollection.Name)]
public sealed class SweepServiceTests(TrainingStack stack)
{
    [Fact]
    public async Task A_grid_sweep_of_four_trials_runs_them_on_the_workers_and_reports_the_best()
    {
        var sweep = await stack.TrainingClient.SubmitSweepAsync(new SubmitSweepRequest
        {
            Config = new ConfigSource { Name = "quick", Overrides = { "epochs=1" } },
            Parameters =
            {
                new SweepParameter { Key = "optimizer.learning_rate", Values = new ValueList { Values = { "0.0003", "0.003" } } },
                new SweepParameter { Key = "model.hidden_units", Range = new ValueRange { Min = 16, Max = 64, Integer = true, GridPoints = 2 } },
            },
            Strategy = SweepStrategy.Grid,
            Metric = "val_accuracy",
            ModelName = "e2e-sweep",
        });
        Assert.Equal(4, sweep.Trials.Count);
        Assert.Equal(MetricGoal.Maximize, sweep.Goal);

        var ended = await WaitForSweepAsync(sweep.Id);

        Assert.Equal(JobState.Succeeded, ended.State);
        Assert.All(ended.Trials, t => Assert.True(t.State == JobState.Succeeded, t.Error));
        Assert.All(ended.Trials, t => Assert.Equal(ended.Id, t.SweepId));
        Assert.Equal(4, ended.Trials.Select(t => $"{t.Parameters["optimizer.learning_rate"]}/{t.Parameters["model.hidden_units"]}").Distinct().Count());
        Assert.Equal(["16", "64"], ended.Trials.Select(t => t.Parameters["model.hidden_units"]).Distinct().Order());
        var best = ended.Trials.MaxBy(t => t.Metrics["val_accuracy"])!;
        Assert.Equal(best.Id, ended.BestJobId);
        Assert.Equal(best.Metrics["val_accuracy"], ended.BestValue);
        Assert.Equal(best.Parameters, ended.BestParameters);
        Assert.Equal(TrainingStack.TrainingWorkers, ended.Trials.Select(t => t.Worker).Distinct().Count());
        var listed = await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { SweepId = sweep.Id });
        Assert.Equal(4, listed.Jobs.Count);
    }

    [Fact]
    public async Task Median_stopping_stops_a_trial_worse_than_the_finished_ones()
    {
        // Trials run two at a time: the bad learning rate is queued last, so good trials have finished when it reaches epoch 1.
        var sweep = await stack.TrainingClient.SubmitSweepAsync(new SubmitSweepRequest
        {
            Config = new ConfigSource { Name = "quick", Overrides = { "epochs=3" } },
            Parameters = { new SweepParameter { Key = "optimizer.learning_rate", Values = new ValueList { Values = { "0.003", "0.004", "0.0031", "0.000001" } } } },
            Strategy = SweepStrategy.Grid,
            Metric = "test_accuracy",
            MedianStopping = true,
            ModelName = "e2e-median",
        });

        var ended = await WaitForSweepAsync(sweep.Id);

        Assert.Equal("val_accuracy", ended.StoppingMetric);
        var bad = ended.Trials.Single(t => t.Parameters["optimizer.learning_rate"] == "0.000001");
        Assert.Equal(JobState.Cancelled, bad.State);
        Assert.Contains("median rule", bad.Error, StringComparison.Ordinal);
        Assert.NotEqual(bad.Id, ended.BestJobId);
        Assert.Equal(JobState.Succeeded, ended.State);
    }

    [Fact]
    public async Task An_empty_sweep_space_or_an_unknown_metric_or_key_is_refused_before_anything_runs()
    {
        var before = (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count;
        var cases = new[]
        {
            (new SubmitSweepRequest { Config = new ConfigSource { Name = "quick" } }, "empty"),
            (new SubmitSweepRequest
            {
                Config = new ConfigSource { Name = "quick" },
                Parameters = { new SweepParameter { Key = "seed", Values = new ValueList() } },
            }, "empty list"),
            (new SubmitSweepRequest
            {
                Config = new ConfigSource { Name = "quick" },
                Parameters = { new SweepParameter { Key = "optimizer.learning_rate", Range = new ValueRange { Min = 1, Max = 0.1 } } },
            }, "empty range"),
            (new SubmitSweepRequest
            {
                Config = new ConfigSource { Name = "quick" },
                Parameters = { new SweepParameter { Key = "seed", Values = new ValueList { Values = { "1" } } } },
                Metric = "f1",
            }, "Unknown sweep metric"),
            (new SubmitSweepRequest
            {
                Config = new ConfigSource { Name = "quick" },
                Parameters = { new SweepParameter { Key = "optimizer.lr", Values = new ValueList { Values = { "1" } } } },
            }, "unknown key 'optimizer.lr'"),
            (new SubmitSweepRequest
            {
                Config = new ConfigSource { Name = "quick" },
                Parameters = { new SweepParameter { Key = "optimizer.learning_rate", Values = new ValueList { Values = { "0.01", "-1" } } } },
            }, "trial 2"),
        };

        foreach (var (request, expected) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => stack.TrainingClient.SubmitSweepAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await stack.TrainingClient.ListJobsAsync(new ListJobsRequest { Limit = 1000 })).Jobs.Count);
    }

    private async Task<Sweep> WaitForSweepAsync(string sweepId)
    {
        // Two rounds of trials on a loaded CI machine; the wait ends as soon as the sweep does.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
        while (true)
        {
            var sweep = await stack.TrainingClient.GetSweepAsync(new GetSweepRequest { SweepId = sweepId });
            if (sweep.State != JobState.Running)
            {
                return sweep;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Sweep {sweepId} still running after 20 minutes: {sweep}");
            await Task.Delay(500);
        }
    }
}
