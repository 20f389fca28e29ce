using Mlops.Modeling;
using Mlops.Modeling.Checkpoints;
using Mlops.Modeling.Onnx;
using Mlops.Modeling.Profiling;
using Mlops.Training.Configs;
using Mlops.Training.Model;
using Mlops.Training.Repositories;

namespace Mlops.Training.Jobs;

/// <summary>
/// One training job from start to end: config → dataset (streamed from Ingestion, cached) → run in the Registry →
/// training with progress and a checkpoint per epoch → test evaluation → ONNX export checked against TorchSharp → artifacts →
/// model version. A retried job continues from its earlier attempt's latest checkpoint, so it ends as it would have
/// without the interruption. Whatever happens, the job ends SUCCEEDED, FAILED or CANCELLED with its reason, and so does its run; the only
/// exceptions are the host stopping, which leaves the job RUNNING for the queue to hand out again, and the worker losing the job's
/// lease, which leaves the job to the worker that took it over.
/// </summary>
public sealed class TrainingJobRunner(
    ConfigResolver resolver,
    IDatasetCatalog datasets,
    IRunTracker tracker,
    JobStore store,
    IJobRepository repository,
    MedianStoppingRule stopping,
    RunCheckpoints checkpoints,
    ILogger<TrainingJobRunner> logger)
{
    public const string OnnxMediaType = "application/onnx";
    public const string WeightsMediaType = "application/x-torchsharp-state-dict";

    /// <summary>Runs a job that is already marked RUNNING.</summary>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="leaseLost"/> or <paramref name="hostStopping"/> was cancelled: the job's state is left as it is, for its new
    /// holder or for a retry.
    /// </exception>
    public async Task RunAsync(TrainingJob job, CancellationToken jobCancelled, CancellationToken leaseLost, CancellationToken hostStopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(jobCancelled, leaseLost, hostStopping);
        string? stopReason = null;
        string? runId = null;
        try
        {
            ResumePoint? resume = null;
            if (job.RunId.Length > 0)
            {
                // An earlier attempt's run: its worker stopped before it could end it.
                resume = await LatestCheckpointAsync(job, stop.Token);
                await EndRunAsync(job.RunId, RunOutcome.Failed, $"the worker running job {job.Id} stopped; the job was retried (attempt {job.Attempts})" +
                    (resume is null ? "" : $" from this run's epoch-{resume.Epoch} checkpoint"));
            }
            resume ??= job.ResumeRunId.Length > 0 ? new ResumePoint(job.ResumeRunId, job.ResumeEpoch, job.ResumeCheckpointSha256) : null;
            var resolved = resolver.Resolve(ConfigRequest.FromYaml(job.ResolvedConfigYaml));
            var config = resolved.ToTrainingConfig();
            var dataset = await datasets.ResolveAsync(job.DatasetVersionId.Length > 0 ? job.DatasetVersionId : config.Dataset, stop.Token);
            var network = JobSubmitter.Network(config, dataset);
            store.Update(job.Id, j => j.DatasetVersionId = dataset.DatasetVersionId, $"loading dataset {dataset.Name} ({dataset.DatasetVersionId[..12]})");
            var (train, validation, test) = await LoadSplitsAsync(dataset, config, stop.Token);
            var start = await StartAsync(config, resume, stop.Token);

            var gitCommit = GitCommit(config);
            var tags = new Dictionary<string, string> { ["job_id"] = job.Id, ["config_hash"] = job.ConfigHash, ["model_name"] = config.ModelName };
            if (job.SweepId.Length > 0)
            {
                tags["sweep_id"] = job.SweepId;
            }

            if (start.Checkpoint is { } resumed && resume is not null)
            {
                tags["resumed_from_run"] = resume.RunId;
                tags["resumed_from_epoch"] = resumed.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (start.InitialWeights is not null)
            {
                tags["init_from_model"] = config.InitFromModel;
            }

            runId = await tracker.CreateRunAsync(
                new RunStart(config.Experiment, $"{config.ModelName}-{job.Id[^8..]}", resolved.Yaml, dataset.DatasetVersionId, gitCommit, tags), stop.Token);
            var createdRunId = runId;
            store.Update(job.Id, j => j.RunId = createdRunId, $"run {runId} created; training {network} on {train.Count} images" + start switch
            {
                { Checkpoint: { } from } => $", resuming after epoch {from.Epoch} of run {resume?.RunId}",
                { InitialWeights: not null } => $", starting from the weights of {config.InitFromModel}",
                _ => "",
            });

            var pump = new ProgressPump(job, runId, config.Options.Epochs, store, tracker, repository, stopping,
                reason =>
                {
                    stopReason = reason;
                    stop.Cancel();
                },
                e => logger.LogWarning(e, "Job {JobId}: could not record progress", job.Id), config.CheckpointKeep, leaseLost);
            foreach (var earlier in start.Checkpoint?.Epochs ?? [])
            {
                // The new run's series start with the epochs the checkpoint already holds.
                pump.Report(earlier);
            }

            TrainingResult result;
            try
            {
                result = await new CnnTrainer(network, config.Options).TrainAsync(train, validation, pump, stop.Token, start);
            }
            finally
            {
                await pump.DrainAsync();
            }

            using var model = result.Model;
            var outcome = Finish(job, config, dataset, model, result, test);
            if (config.Variants.Any)
            {
                store.Update(job.Id, _ => { }, "building the int8 / pruned variants the config asks for");
            }

            var variants = config.Variants.Any
                ? await Task.Factory.StartNew(() => ModelVariants.Build(config.Variants, config.Options, network, outcome.Onnx, outcome.Weights,
                    outcome.ExportInfo, train, test, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : [];
            var onnxSha = await tracker.UploadArtifactAsync(runId, "model.onnx", OnnxMediaType, outcome.Onnx, stop.Token);
            var weightsSha = await tracker.UploadArtifactAsync(runId, "model.weights", WeightsMediaType, outcome.Weights, stop.Token);
            await tracker.UploadArtifactAsync(runId, "config.yaml", "application/yaml", System.Text.Encoding.UTF8.GetBytes(resolved.Yaml), stop.Token);
            var variantArtifacts = new List<(ModelVariant Variant, string OnnxSha, string WeightsSha)>();
            foreach (var variant in variants)
            {
                var variantOnnx = await tracker.UploadArtifactAsync(runId, $"{variant.ArtifactPrefix}.onnx", OnnxMediaType, variant.Onnx, stop.Token);
                // An int8 variant has no TorchSharp weights of its own: its lineage points at the fp32 weights it was quantized from.
                var variantWeights = variant.Weights is { } w
                    ? await tracker.UploadArtifactAsync(runId, $"{variant.ArtifactPrefix}.weights", WeightsMediaType, w, stop.Token)
                    : weightsSha;
                variantArtifacts.Add((variant, variantOnnx, variantWeights));
            }

            var runMetrics = RunFinalMetrics(outcome.Metrics);
            foreach (var variant in variants)
            {
                runMetrics[$"{variant.Name}_{MetricNames.TestAccuracy}"] = variant.Metrics[MetricNames.TestAccuracy];
            }

            foreach (var (key, seconds) in PhaseTotalsOf(result))
            {
                runMetrics[key] = seconds;
            }

            await tracker.FinishRunAsync(new RunEnd(runId, RunOutcome.Finished, runMetrics, dataset.ClassNames, outcome.Confusion), stop.Token);
            var version = await tracker.RegisterModelVersionAsync(new ModelRegistration(
                config.ModelName, onnxSha, weightsSha, dataset.ClassNames, outcome.Metrics, runId, dataset.DatasetVersionId, resolved.Yaml, gitCommit,
                $"{network} trained {result.Epochs.Count} epoch(s) on {dataset.Name} by job {job.Id}"), stop.Token);
            var registered = $"registered {config.ModelName} version {version}: test_accuracy {outcome.Metrics[MetricNames.TestAccuracy]:0.0000}";
            foreach (var (variant, variantOnnx, variantWeights) in variantArtifacts)
            {
                var metrics = new Dictionary<string, double>(variant.Metrics) { [ModelVariants.ParentVersion] = version };
                var variantVersion = await tracker.RegisterModelVersionAsync(new ModelRegistration(
                    config.ModelName, variantOnnx, variantWeights, dataset.ClassNames, metrics, runId, dataset.DatasetVersionId, resolved.Yaml, gitCommit,
                    $"{variant.Description}; a variant of {config.ModelName}/{version} ({network}) from job {job.Id}"), stop.Token);
                registered += $"; {variant.Name} variant version {variantVersion}: test_accuracy {variant.Metrics[MetricNames.TestAccuracy]:0.0000}";
            }

            // The job may have been taken over while the last steps ran: its new holder's state is not overwritten.
            leaseLost.ThrowIfCancellationRequested();
            store.Update(job.Id, j =>
            {
                j.State = JobStatus.Succeeded;
                j.ModelName = config.ModelName;
                j.ModelVersion = version;
                foreach (var (key, value) in outcome.Metrics)
                {
                    j.Metrics[key] = value;
                }
            }, registered);
        }
        catch (Exception e) when (leaseLost.IsCancellationRequested)
        {
            // Whatever failed as training was torn down, the job is another worker's now: only this attempt's own run is ended.
            await EndRunAsync(runId, RunOutcome.Failed, "interrupted: another worker took over the job (this one was presumed dead)");
            throw new OperationCanceledException("Another worker took over the job.", e, leaseLost);
        }
        catch (Exception e) when (stop.IsCancellationRequested && e is OperationCanceledException or global::Grpc.Core.RpcException)
        {
            if (stopReason is null && hostStopping.IsCancellationRequested && !jobCancelled.IsCancellationRequested)
            {
                await EndRunAsync(runId, RunOutcome.Failed, "interrupted: the training service stopped; the job will be retried");
                throw new OperationCanceledException("The host is stopping.", e, hostStopping);
            }
            var reason = stopReason ?? "cancelled by request";
            await EndRunAsync(runId, RunOutcome.Cancelled, reason);
            store.End(job.Id, JobStatus.Cancelled, reason);
        }
        catch (Exception e)
        {
            var reason = Describe(e);
            logger.LogWarning(e, "Job {JobId} failed: {Reason}", job.Id, reason);
            await EndRunAsync(runId, RunOutcome.Failed, reason);
            store.End(job.Id, JobStatus.Failed, reason);
        }
    }

    /// <summary>The latest checkpoint of the job's earlier attempt, or null (none stored, or the Registry cannot say).</summary>
    private async Task<ResumePoint?> LatestCheckpointAsync(TrainingJob job, CancellationToken cancellationToken)
    {
        try
        {
            var points = await checkpoints.ListAsync(job.RunId, cancellationToken);
            return points.Count > 0 ? points[^1] : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Job {JobId}: could not look up the checkpoints of run {RunId}; training again from the start", job.Id, job.RunId);
            return null;
        }
    }

    /// <summary>From a checkpoint when resuming, from a registered version's weights when fine-tuning, else from random weights.</summary>
    private async Task<TrainingStart> StartAsync(TrainingConfig config, ResumePoint? resume, CancellationToken cancellationToken)
    {
        if (resume is not null)
        {
            return new TrainingStart { Checkpoint = await checkpoints.LoadAsync(resume, cancellationToken) };
        }

        if (config.InitFromModel.Length > 0)
        {
            var weights = await tracker.ModelWeightsAsync(config.InitFromModel, cancellationToken);
            return new TrainingStart { InitialWeights = await tracker.DownloadArtifactAsync(weights, cancellationToken) };
        }

        return TrainingStart.Fresh;
    }

    /// <summary>Each phase's seconds over every epoch of the run (those before a resume included), when profiled.</summary>
    private static Dictionary<string, double> PhaseTotalsOf(TrainingResult result)
    {
        var profiled = result.Epochs.Where(e => e.Phases is not null).ToList();
        return profiled.Count == 0
            ? []
            : PhaseTotals.Phases.ToDictionary(MetricNames.PhaseTotalSeconds, phase => profiled.Sum(e => e.Phases![phase].TotalSeconds));
    }

    /// <summary>The config's own value, else the service's GIT_COMMIT, else the commit of the repository holding the configs.</summary>
    private string GitCommit(TrainingConfig config) =>
        config.GitCommit.Length > 0 ? config.GitCommit
        : Environment.GetEnvironmentVariable("GIT_COMMIT") is { Length: > 0 } fromEnvironment ? fromEnvironment
        : resolver.ConfigRepositoryCommit();

    private async Task<(LabeledImages Train, LabeledImages Validation, LabeledImages Test)> LoadSplitsAsync(
        DatasetInfo dataset, TrainingConfig config, CancellationToken cancellationToken)
    {
        var train = await datasets.LoadSplitAsync(dataset, DataSplit.Train, cancellationToken);
        LabeledImages validation;
        if (dataset.Count(DataSplit.Validation) > 0)
        {
            validation = await datasets.LoadSplitAsync(dataset, DataSplit.Validation, cancellationToken);
        }
        else
        {
            (train, validation) = train.Split(config.ValidationFraction, (int)config.Options.Seed);
        }
        var test = dataset.Count(DataSplit.Test) > 0 ? await datasets.LoadSplitAsync(dataset, DataSplit.Test, cancellationToken) : validation;
        return (train, validation, test);
    }

    private sealed record Outcome(Dictionary<string, double> Metrics, int[][] Confusion, byte[] Onnx, byte[] Weights, OnnxExportInfo ExportInfo);

    /// <summary>Evaluation, export and the export check: one synchronous block, as TorchSharp's dispose scopes do not cross awaits.</summary>
    private static Outcome Finish(TrainingJob job, TrainingConfig config, DatasetInfo dataset, CnnModel model, TrainingResult result, LabeledImages test)
    {
        var report = ModelEvaluator.Evaluate(model, test);
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.TestAccuracy] = report.Accuracy,
            [MetricNames.TestLoss] = report.Loss,
            [MetricNames.ValidationAccuracy] = result.Best.ValidationAccuracy,
            [MetricNames.ValidationLoss] = result.Best.ValidationLoss,
            [MetricNames.TrainLoss] = result.Best.TrainLoss,
            [MetricNames.TrainAccuracy] = result.Best.TrainAccuracy,
            [MetricNames.BestEpoch] = result.BestEpoch,
            [MetricNames.EpochsTrained] = result.Epochs.Count,
            [MetricNames.TrainSeconds] = result.Duration.TotalSeconds,
        };
        for (var c = 0; c < dataset.ClassNames.Count; c++)
        {
            if (!double.IsNaN(report.PerClassAccuracy[c]))
            {
                metrics[MetricNames.ClassAccuracy(dataset.ClassNames[c])] = report.PerClassAccuracy[c];
            }
        }

        var exportInfo = new OnnxExportInfo(dataset.ClassNames)
        {
            ModelName = config.ModelName,
            Description = $"{model.Config} from training job {job.Id}",
            Metadata = new Dictionary<string, string>
            {
                ["dataset_version"] = dataset.DatasetVersionId,
                ["job_id"] = job.Id,
                ["config_hash"] = job.ConfigHash,
            },
        };
        var onnx = OnnxExporter.Export(model, exportInfo);
        var verification = OnnxVerifier.Verify(onnx, model, test.Take(config.VerifyImages), config.VerifyTolerance);
        if (!verification.Passed)
        {
            throw new InvalidOperationException(
                $"The ONNX export disagrees with TorchSharp on {verification.Images} held-out images: max difference " +
                $"{verification.MaxAbsDifference:G3} (tolerance {verification.Tolerance:G3}), {verification.PredictionAgreements} " +
                "predictions agree. Nothing was registered.");
        }
        metrics[MetricNames.OnnxMaxAbsDifference] = verification.MaxAbsDifference;

        using var weights = new MemoryStream();
        ModelWeights.Save(model, weights);
        return new Outcome(metrics, report.ConfusionMatrix, onnx, weights.ToArray(), exportInfo);
    }

    /// <summary>
    /// The run already holds each per-epoch series' last value under its own key (the Registry refuses a final metric
    /// with a key it already has), so the best epoch's values go in as best_&lt;key&gt;.
    /// </summary>
    private static Dictionary<string, double> RunFinalMetrics(Dictionary<string, double> metrics) =>
        metrics.ToDictionary(m => MetricNames.EpochMetrics.Contains(m.Key) ? $"best_{m.Key}" : m.Key, m => m.Value);

    private async Task EndRunAsync(string? runId, RunOutcome outcome, string reason)
    {
        if (runId is null)
        {
            return;
        }

        try
        {
            await tracker.FinishRunAsync(new RunEnd(runId, outcome, new Dictionary<string, double>(), FailureReason: reason), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not mark run {RunId} {Outcome}", runId, outcome);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        TrainingDivergedException => e.Message + " Nothing was registered.",
        ConfigException or DatasetNotFoundException or ModelVersionNotFoundException or CheckpointNotFoundException => e.Message,
        InvalidDataException => e.Message + " Nothing was registered.",
        global::Grpc.Core.RpcException rpc => $"a service call failed ({rpc.StatusCode}): {rpc.Status.Detail}",
        _ => e.Message,
    };
}
