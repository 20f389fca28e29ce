using System.Text.Json;
using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.V1;

namespace Mlops.Training.Tests;

/// <summary>Checkpoints after every epoch: a killed worker's job, or a user, continues a run where it was and ends where it would have.</summary>
[Collection(TrainingStackCollection.Name)]
public sealed class CheckpointResumeTests(TrainingStack stack)
{
    // Generous: a loaded two-core CI box trains these small jobs many times slower than an idle one.
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(15);

    // Timing differs between runs; everything else a job reports must not.
    private static readonly string[] TimingMetrics = ["train_seconds", "onnx_max_abs_diff"];

    [Fact]
    public async Task A_job_whose_worker_is_killed_mid_epoch_finishes_on_another_worker_from_its_checkpoint_with_an_uninterrupted_runs_metrics()
    {
        await using var redis = await RedisServer.StartAsync();
        var sharedRoot = Directory.CreateTempSubdirectory("training-replicas-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Training__ClaimIdleSeconds"] = "3",
            ["ConnectionStrings__cache"] = redis.ConnectionString,
        };
        // Small batches make epochs long enough to be caught in the middle on a fast machine.
        string[] overrides = ["epochs=3", "batch_size=32", "seed=11", "threads=1"];

        await using var first = await stack.StartTrainingAsync(sharedRoot, settings);
        var client = new TrainingService.TrainingServiceClient(first.Channel);
        var job = await client.SubmitJobAsync(TrainingStack.Job("quick", "e2e-resumed", overrides));
        var firstRun = await WaitForCheckpointMidEpochAsync(client, job.Id);
        await first.StopAsync();

        await using var second = await stack.StartTrainingAsync(sharedRoot,
            new Dictionary<string, string?>(settings) { ["Training__WorkerName"] = "second" });
        client = new TrainingService.TrainingServiceClient(second.Channel);
        var resumed = (await TrainingStack.WatchToEndAsync(client, job.Id, JobTimeout))[^1].Job;
        var reference = await client.SubmitJobAsync(TrainingStack.Job("quick", "e2e-resumed", overrides));
        var uninterrupted = (await TrainingStack.WatchToEndAsync(client, reference.Id, JobTimeout))[^1].Job;

        Assert.True(resumed.State == JobState.Succeeded, $"{resumed.State}: {resumed.Error}\n{second.Output}");
        Assert.Equal(2, resumed.Attempts);
        Assert.StartsWith("second", resumed.Worker, StringComparison.Ordinal);
        Assert.Equal(JobState.Succeeded, uninterrupted.State);
        Assert.Equal(Comparable(uninterrupted), Comparable(resumed));

        var killed = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = firstRun.Id });
        Assert.Equal(RunStatus.Failed, killed.Status);
        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = resumed.RunId });
        Assert.Equal(firstRun.Id, run.Tags["resumed_from_run"]);
        var resumedAfter = int.Parse(run.Tags["resumed_from_epoch"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAfter, 1, 2);
        Assert.Contains($"epoch-{resumedAfter} checkpoint", killed.FailureReason, StringComparison.Ordinal);
        // The resumed run's series are whole: the checkpoint's epochs, then the ones trained after it.
        var history = await stack.RegistryClient.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = run.Id, Key = "val_loss" });
        var referenceHistory = await stack.RegistryClient.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = uninterrupted.RunId, Key = "val_loss" });
        Assert.Equal(referenceHistory.Points.Select(p => (p.Epoch, p.Value)), history.Points.Select(p => (p.Epoch, p.Value)));
    }

    [Fact]
    public async Task A_run_keeps_its_latest_checkpoints_and_profile_and_resuming_from_an_earlier_one_ends_the_same()
    {
        var job = await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-checkpoints", "epochs=3", "profile.trace_start_step=3", "profile.trace_steps=5"));
        var original = (await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id, JobTimeout))[^1].Job;
        Assert.True(original.State == JobState.Succeeded, original.Error);

        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = original.RunId });
        Assert.Equal(["checkpoints/epoch-0002.ckpt", "checkpoints/epoch-0003.ckpt"],
            run.Artifacts.Select(a => a.Name).Where(n => n.StartsWith("checkpoints/", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var phase in new[] { "data_wait", "forward", "backward", "optimizer_step", "evaluation" })
        {
            Assert.True(run.Metrics.ContainsKey($"phase_{phase}_total_seconds"), $"no total for {phase}");
            var perEpoch = await stack.RegistryClient.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = run.Id, Key = $"phase_{phase}_seconds" });
            Assert.Equal([1, 2, 3], perEpoch.Points.Select(p => p.Epoch));
        }

        Assert.True(run.Metrics["phase_forward_total_seconds"] > 0);
        var trace = run.Artifacts.Single(a => a.Name == "profile/trace.json");
        using (var document = JsonDocument.Parse(await DownloadAsync(trace.Sha256)))
        {
            var names = document.RootElement.GetProperty("traceEvents").EnumerateArray()
                .Where(e => e.GetProperty("ph").GetString() == "X").Select(e => e.GetProperty("name").GetString()).ToList();
            Assert.Equal(5, names.Count(n => n == "step"));
            Assert.Equal(5, names.Count(n => n == "forward"));
        }

        var resume = TrainingStack.Job("quick", "e2e-checkpoints", "epochs=3", "profile.trace_start_step=3", "profile.trace_steps=5");
        resume.ResumeFrom = new ResumeFrom { RunId = run.Id, CheckpointEpoch = 2 };
        var resumedJob = await stack.TrainingClient.SubmitJobAsync(resume);
        Assert.Equal(2, resumedJob.ResumeEpoch);
        var resumed = (await TrainingStack.WatchToEndAsync(stack.TrainingClient, resumedJob.Id, JobTimeout))[^1].Job;
        Assert.True(resumed.State == JobState.Succeeded, resumed.Error);
        Assert.Equal(Comparable(original), Comparable(resumed));

        resume.ResumeFrom = new ResumeFrom { RunId = run.Id, CheckpointEpoch = 1 };
        var missing = await Assert.ThrowsAsync<RpcException>(() => stack.TrainingClient.SubmitJobAsync(resume).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Contains("epoch(s) 2, 3", missing.Status.Detail, StringComparison.Ordinal);
        resume.ResumeFrom = new ResumeFrom { RunId = "no-such-run" };
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => stack.TrainingClient.SubmitJobAsync(resume).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task Fine_tuning_starts_from_a_registered_versions_weights()
    {
        var source = (await TrainingStack.WatchToEndAsync(stack.TrainingClient,
            (await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-finetune-source", "epochs=1"))).Id, JobTimeout))[^1].Job;
        Assert.True(source.State == JobState.Succeeded, source.Error);

        var tuned = (await TrainingStack.WatchToEndAsync(stack.TrainingClient, (await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job(
            "quick", "e2e-finetuned", "epochs=1", "optimizer.learning_rate=0.00001", $"init.from_model=e2e-finetune-source:{source.ModelVersion}"))).Id, JobTimeout))[^1].Job;
        var fresh = (await TrainingStack.WatchToEndAsync(stack.TrainingClient, (await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job(
            "quick", "e2e-finetuned", "epochs=1", "optimizer.learning_rate=0.00001"))).Id, JobTimeout))[^1].Job;

        Assert.True(tuned.State == JobState.Succeeded, tuned.Error);
        // A learning rate this small barely moves random weights: only a start from trained ones is already good.
        Assert.True(tuned.Metrics["test_accuracy"] > fresh.Metrics["test_accuracy"] + 0.1,
            $"fine-tuned {tuned.Metrics["test_accuracy"]}, from scratch {fresh.Metrics["test_accuracy"]}");
        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = tuned.RunId });
        Assert.Equal($"e2e-finetune-source/{source.ModelVersion}", run.Tags["init_from_model"]);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => stack.TrainingClient.SubmitJobAsync(
            TrainingStack.Job("quick", "e2e-finetuned", "init.from_model=no-such-model:3")).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Contains("init.from_model", unknown.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>Waits until the job's run holds a checkpoint and the job is training the epoch after it; returns the run.</summary>
    private async Task<Run> WaitForCheckpointMidEpochAsync(TrainingService.TrainingServiceClient client, string jobId)
    {
        using var timeout = new CancellationTokenSource(JobTimeout);
        using var watch = client.WatchJob(new WatchJobRequest { JobId = jobId }, cancellationToken: timeout.Token);
        await foreach (var jobEvent in watch.ResponseStream.ReadAllAsync(timeout.Token))
        {
            var progress = jobEvent.Job.Progress;
            if (progress is not { Epoch: >= 1, Step: > 0 } || jobEvent.Job.RunId.Length == 0)
            {
                continue;
            }

            var stepsPerEpoch = progress.TotalSteps / progress.TotalEpochs;
            var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = jobEvent.Job.RunId });
            var inEpochAfterCheckpoint = progress.Step % stepsPerEpoch is > 0 and var stepInEpoch && stepInEpoch < stepsPerEpoch - 2;
            if (run.Artifacts.Any(a => a.Name.StartsWith("checkpoints/", StringComparison.Ordinal)) && inEpochAfterCheckpoint
                && progress.Step < progress.TotalSteps - stepsPerEpoch)
            {
                return run;
            }
        }

        throw new InvalidOperationException("The job ended before it could be caught after a checkpoint.");
    }

    private static Dictionary<string, double> Comparable(Job job) =>
        job.Metrics.Where(m => !TimingMetrics.Contains(m.Key)).ToDictionary(m => m.Key, m => m.Value);

    private async Task<byte[]> DownloadAsync(string sha256)
    {
        using var call = stack.RegistryClient.DownloadArtifact(new DownloadArtifactRequest { Sha256 = sha256 });
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunk.Content.WriteTo(buffer);
        }

        return buffer.ToArray();
    }
}
