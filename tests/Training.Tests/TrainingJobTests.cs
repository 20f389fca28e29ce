using Grpc.Core;
using Microsoft.ML.OnnxRuntime;
using Mlops.Modeling;
using Mlops.Modeling.Onnx;
using Mlops.Registry.V1;
using Mlops.TestSupport;
using Mlops.Training.Configs;
using Mlops.Training.V1;
using ModelingImages = Mlops.Modeling.LabeledImages;

namespace Mlops.Training.Tests;

[Collection(TrainingStackCollection.Name)]
public sealed class TrainingJobTests(TrainingStack stack)
{
    private static readonly string[] TimingMetrics = ["train_seconds", "onnx_max_abs_diff"];

    [Fact]
    public async Task A_small_job_trains_streams_its_progress_records_its_run_and_registers_an_onnx_model_that_agrees_with_torchsharp()
    {
        var job = await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-small", "epochs=2"));
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(stack.Dataset.Id, job.DatasetVersion);
        Assert.Matches("^[0-9a-f]{64}$", job.ConfigHash);

        var events = await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id);

        Assert.Equal("current state", events[0].Message);
        var final = events[^1].Job;
        Assert.True(final.State == JobState.Succeeded, $"job ended {final.State}: {final.Error}");
        var progress = events.Where(e => e.Job.Progress is { Step: > 0 }).Select(e => e.Job.Progress).ToList();
        Assert.Contains(progress, p => p.Epoch == 1);
        Assert.Contains(progress, p => p.Epoch == 2 && p.Metrics.ContainsKey("val_accuracy"));
        Assert.True(progress.Zip(progress.Skip(1)).All(pair => pair.Second.Step >= pair.First.Step), "steps never go back");
        Assert.Equal(1, final.Attempts);

        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = final.RunId });
        Assert.Equal(RunStatus.Finished, run.Status);
        Assert.Equal(final.ResolvedConfigYaml, run.ConfigYaml);
        Assert.Equal(stack.Dataset.Id, run.DatasetVersion);
        Assert.Equal("training-tests", run.Experiment);
        foreach (var key in new[] { "batch_loss", "batch_accuracy", "learning_rate", "images_per_second", "val_loss", "val_accuracy", "epoch_seconds", "test_accuracy", "test_accuracy_sneaker" })
        {
            Assert.True(run.Metrics.ContainsKey(key), $"run has no metric {key}");
        }

        Assert.Equal(final.Metrics["test_accuracy"], run.Metrics["test_accuracy"]);
        Assert.InRange(run.Metrics["test_accuracy"], 0.6, 1.0);
        Assert.Equal(100, run.ConfusionMatrix.Counts.Count);
        Assert.Equal(1000, run.ConfusionMatrix.Counts.Sum());
        var valAccuracy = await stack.RegistryClient.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = run.Id, Key = "val_accuracy" });
        Assert.Equal([1, 2], valAccuracy.Points.Select(p => p.Epoch));
        Assert.Contains(run.Artifacts, a => a.Name == "model.onnx");

        var version = await stack.RegistryClient.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"e2e-small/{final.ModelVersion}" });
        Assert.Equal(run.Id, version.Lineage.RunId);
        Assert.Equal(stack.Dataset.Id, version.Lineage.DatasetVersion);
        Assert.Equal(final.ResolvedConfigYaml, version.Lineage.ConfigYaml);
        Assert.Equal(FashionMnistSample.ClassNames, version.ClassNames);

        var onnx = await DownloadAsync(version.OnnxSha256);
        var weights = await DownloadAsync(version.WeightsSha256);
        using (var session = new InferenceSession(onnx))
        {
            Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]);
            Assert.Contains("Sneaker", session.ModelMetadata.CustomMetadataMap["class_names"], StringComparison.Ordinal);
        }
        var network = NetworkOf(final);
        using var model = ModelWeights.Load(network, new MemoryStream(weights));
        var heldOut = new ModelingImages(FashionMnistSample.Test.Pixels, FashionMnistSample.Test.Labels);
        var agreement = OnnxVerifier.Verify(onnx, model, heldOut);
        Assert.True(agreement.Passed, $"ORT and TorchSharp differ by {agreement.MaxAbsDifference} on {agreement.Images} images");
    }

    [Fact]
    public async Task A_job_asked_for_int8_and_pruned_variants_registers_them_as_versions_with_lineage_that_the_gate_and_onnx_runtime_run()
    {
        var job = await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-variants", "epochs=2",
            "export.int8=true", "export.calibration_images=500", "export.prune_sparsity=0.5", "export.prune_finetune_epochs=1"));

        var final = (await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id))[^1].Job;

        Assert.True(final.State == JobState.Succeeded, $"job ended {final.State}: {final.Error}");
        var parent = await stack.RegistryClient.GetModelVersionAsync(new GetModelVersionRequest { Reference = $"e2e-variants/{final.ModelVersion}" });
        var listed = await stack.RegistryClient.ListModelVersionsAsync(new ListModelVersionsRequest { ModelName = "e2e-variants" });
        Assert.Equal(3, listed.Versions.Count);
        var int8 = Assert.Single(listed.Versions, v => v.Metrics.TryGetValue("weight_bits", out var bits) && bits == 8);
        var pruned = Assert.Single(listed.Versions, v => v.Metrics.TryGetValue("sparsity", out var sparsity) && sparsity > 0);
        foreach (var variant in new[] { int8, pruned })
        {
            Assert.Equal(parent.Version, variant.Metrics["parent_version"]);
            Assert.Equal(parent.Lineage, variant.Lineage);
            Assert.Equal(parent.ClassNames, variant.ClassNames);
            Assert.Contains($"e2e-variants/{parent.Version}", variant.Description, StringComparison.Ordinal);
            Assert.InRange(variant.Metrics["test_accuracy"], parent.Metrics["test_accuracy"] - 0.03, 1.0);
        }

        Assert.InRange(pruned.Metrics["sparsity"], 0.5, 0.51);
        Assert.InRange(int8.Metrics["top1_agreement_with_parent"], 0.95, 1.0);
        Assert.True(int8.SizeBytes < parent.SizeBytes / 2, $"int8 {int8.SizeBytes} bytes, fp32 {parent.SizeBytes}");
        Assert.Equal(parent.WeightsSha256, int8.WeightsSha256);
        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = final.RunId });
        Assert.Equal(int8.Metrics["test_accuracy"], run.Metrics["int8_test_accuracy"]);
        Assert.Equal(pruned.Metrics["test_accuracy"], run.Metrics["pruned_test_accuracy"]);
        Assert.Contains(run.Artifacts, a => a.Name == "model.int8.onnx");
        Assert.Contains(run.Artifacts, a => a.Name == "model.pruned.weights");

        using (var session = new InferenceSession(await DownloadAsync(int8.OnnxSha256)))
        {
            Assert.Equal("int8", session.ModelMetadata.CustomMetadataMap["precision"]);
            Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]);
        }

        using (var model = ModelWeights.Load(NetworkOf(final), new MemoryStream(await DownloadAsync(pruned.WeightsSha256))))
        {
            Assert.InRange(Mlops.Modeling.Compression.MagnitudePruner.Sparsity(model), 0.5, 0.51);
        }

        // The gate scores the int8 version with ONNX Runtime on the same test split as the job did: the same accuracy.
        var promoted = await stack.RegistryClient.PromoteModelAsync(new PromoteModelRequest { ModelName = "e2e-variants", Version = int8.Version, Actor = "tests" });
        Assert.True(promoted.Gate.Passed, string.Join("; ", promoted.Gate.Checks.Select(c => c.Message)));
        Assert.Equal(int8.Metrics["test_accuracy"], promoted.Gate.Accuracy, 3);
    }

    [Fact]
    public async Task The_same_seed_gives_identical_metrics_and_another_seed_different_ones()
    {
        var jobs = new List<Job>();
        foreach (var seed in new[] { 5, 5, 6 })
        {
            jobs.Add(await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-seed", "epochs=1", $"seed={seed}")));
        }

        var ended = new List<Job>();
        foreach (var job in jobs)
        {
            ended.Add((await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id))[^1].Job);
        }

        Assert.All(ended, j => Assert.True(j.State == JobState.Succeeded, j.Error));
        Assert.Equal(ended[0].ConfigHash, ended[1].ConfigHash);
        Assert.Equal(Comparable(ended[0]), Comparable(ended[1]));
        Assert.NotEqual(ended[0].Metrics["val_loss"], ended[2].Metrics["val_loss"]);
        var history = await Task.WhenAll(ended.Take(2).Select(j =>
            stack.RegistryClient.GetMetricHistoryAsync(new GetMetricHistoryRequest { RunId = j.RunId, Key = "train_loss" }).ResponseAsync));
        Assert.Equal(history[0].Points.Select(p => p.Value), history[1].Points.Select(p => p.Value));
    }

    [Fact]
    public async Task A_diverging_job_fails_with_the_reason_and_registers_nothing()
    {
        var job = await stack.TrainingClient.SubmitJobAsync(
            TrainingStack.Job("quick", "e2e-diverged", "optimizer.name=sgd", "optimizer.learning_rate=1e12", "epochs=1"));

        var final = (await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id))[^1].Job;

        Assert.Equal(JobState.Failed, final.State);
        Assert.Contains("diverged", final.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was registered", final.Error, StringComparison.Ordinal);
        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = final.RunId });
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("diverged", run.FailureReason, StringComparison.Ordinal);
        var models = await stack.RegistryClient.ListModelsAsync(new ListModelsRequest());
        Assert.DoesNotContain(models.Models, m => m.Name == "e2e-diverged");
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_and_its_run()
    {
        var job = await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("default", "e2e-cancel", "epochs=100", "early_stopping.patience=0"));
        using var watch = stack.TrainingClient.WatchJob(new WatchJobRequest { JobId = job.Id });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var events = new List<JobEvent>();
        var cancelled = false;
        await foreach (var jobEvent in watch.ResponseStream.ReadAllAsync(timeout.Token))
        {
            events.Add(jobEvent);
            if (!cancelled && jobEvent.Job.Progress is { Step: > 0 })
            {
                cancelled = true;
                await stack.TrainingClient.CancelJobAsync(new CancelJobRequest { JobId = job.Id });
            }
        }

        var final = events[^1].Job;
        Assert.Equal(JobState.Cancelled, final.State);
        Assert.True(final.Progress.Epoch < 5, $"training went on to epoch {final.Progress.Epoch}");
        var run = await stack.RegistryClient.GetRunAsync(new GetRunRequest { RunId = final.RunId });
        Assert.Equal(RunStatus.Cancelled, run.Status);
        var again = await stack.TrainingClient.CancelJobAsync(new CancelJobRequest { JobId = job.Id });
        Assert.Equal(JobState.Cancelled, again.State);
    }

    [Fact]
    public async Task A_late_watcher_of_an_ended_job_gets_its_final_state_and_the_stream_ends()
    {
        var job = await stack.TrainingClient.SubmitJobAsync(TrainingStack.Job("quick", "e2e-late", "epochs=1"));
        var first = await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id);

        var late = await TrainingStack.WatchToEndAsync(stack.TrainingClient, job.Id, TimeSpan.FromSeconds(120));

        var only = Assert.Single(late);
        Assert.Equal(first[^1].Job.State, only.Job.State);
        Assert.Equal(JobState.Succeeded, only.Job.State);
    }

    private static Dictionary<string, double> Comparable(Job job) =>
        job.Metrics.Where(m => !TimingMetrics.Contains(m.Key)).ToDictionary(m => m.Key, m => m.Value);

    private static CnnConfig NetworkOf(Job job)
    {
        var resolver = new ConfigResolver(new ConfigCatalog(Path.Combine(RepositoryLayout.Root, "configs")));
        return resolver.Resolve(ConfigRequest.FromYaml(job.ResolvedConfigYaml)).ToTrainingConfig().Network(1, 28, 28, 10);
    }

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
