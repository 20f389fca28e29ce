using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Mlops.Modeling;
using Mlops.Modeling.Checkpoints;
using Mlops.Modeling.Profiling;
using Mlops.Training.Model;
using Mlops.Training.Repositories;

namespace Mlops.Training.Jobs;

/// <summary>
/// Takes the trainer's progress off the training thread (which must never wait on the network) and, in order:
/// updates the job and its watchers, logs metrics to the run (steps throttled, every epoch), keeps epoch metrics
/// for the median stopping rule and asks it whether to stop, stores checkpoints and the profile trace with the run.
/// Once the job's lease is lost the job is another worker's: nothing more is written to it (steps and checkpoints still
/// go to this attempt's run).
/// </summary>
internal sealed class ProgressPump : IProgress<TrainingProgress>
{
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StepLogInterval = TimeSpan.FromSeconds(1);

    private readonly Channel<TrainingProgress> channel = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TrainingJob job;
    private readonly string runId;
    private readonly int totalEpochs;
    private readonly JobStore store;
    private readonly IRunTracker tracker;
    private readonly IJobRepository repository;
    private readonly MedianStoppingRule stopping;
    private readonly Action<string> stop;
    private readonly Action<Exception> warn;
    private readonly CheckpointKeeper checkpoints;
    private readonly CancellationToken leaseLost;
    private readonly Task pump;
    private long lastPublished = long.MinValue / 2;
    private long lastLogged = long.MinValue / 2;

    public ProgressPump(TrainingJob job, string runId, int totalEpochs, JobStore store, IRunTracker tracker, IJobRepository repository,
        MedianStoppingRule stopping, Action<string> stop, Action<Exception> warn, int keepCheckpoints = 0, CancellationToken leaseLost = default)
    {
        checkpoints = new CheckpointKeeper(tracker, runId, keepCheckpoints);
        this.job = job;
        this.runId = runId;
        this.totalEpochs = totalEpochs;
        this.store = store;
        this.tracker = tracker;
        this.repository = repository;
        this.stopping = stopping;
        this.stop = stop;
        this.warn = warn;
        this.leaseLost = leaseLost;
        pump = Task.Run(PumpAsync);
    }

    public void Report(TrainingProgress value) => channel.Writer.TryWrite(value);

    /// <summary>Waits until every report so far has been handled.</summary>
    public Task DrainAsync()
    {
        channel.Writer.TryComplete();
        return pump;
    }

    private async Task PumpAsync()
    {
        await foreach (var progress in channel.Reader.ReadAllAsync())
        {
            try
            {
                switch (progress)
                {
                    case StepProgress step:
                        await OnStepAsync(step);
                        break;
                    case EpochMetrics epoch:
                        await OnEpochAsync(epoch);
                        break;
                    case CheckpointSaved saved:
                        await checkpoints.StoreAsync(saved.Checkpoint, CancellationToken.None);
                        break;
                    case ProfileTrace trace:
                        await tracker.UploadArtifactAsync(runId, ProfileTrace.ArtifactName, ProfileTrace.MediaType, trace.Json, CancellationToken.None);
                        break;
                }
            }
            catch (Exception e)
            {
                // Losing a metric point must not lose the training: the run's final metrics are written at the end.
                warn(e);
            }
        }
    }

    private async Task OnStepAsync(StepProgress step)
    {
        var globalStep = (long)(step.Epoch - 1) * step.StepsPerEpoch + step.Step;
        var now = Stopwatch.GetTimestamp();
        var lastOfEpoch = step.Step == step.StepsPerEpoch;
        if (!leaseLost.IsCancellationRequested && (lastOfEpoch || Stopwatch.GetElapsedTime(lastPublished, now) >= PublishInterval))
        {
            lastPublished = now;
            store.Update(job.Id, j =>
            {
                j.Progress = new JobProgressSnapshot
                {
                    Epoch = step.Epoch,
                    TotalEpochs = totalEpochs,
                    Step = globalStep,
                    TotalSteps = (long)totalEpochs * step.StepsPerEpoch,
                };
                j.Progress.Metrics[MetricNames.BatchLoss] = step.Loss;
                j.Progress.Metrics[MetricNames.BatchAccuracy] = step.Accuracy;
                j.Progress.Metrics[MetricNames.LearningRate] = step.LearningRate;
                j.Progress.Metrics[MetricNames.ImagesPerSecond] = step.ImagesPerSecond;
            }, $"epoch {step.Epoch}/{totalEpochs}, step {step.Step}/{step.StepsPerEpoch}");
        }

        if (Stopwatch.GetElapsedTime(lastLogged, now) >= StepLogInterval)
        {
            lastLogged = now;
            await tracker.LogMetricsAsync(runId,
            [
                new(MetricNames.BatchLoss, step.Loss, globalStep, step.Epoch),
                new(MetricNames.BatchAccuracy, step.Accuracy, globalStep, step.Epoch),
                new(MetricNames.LearningRate, step.LearningRate, globalStep, step.Epoch),
                new(MetricNames.ImagesPerSecond, step.ImagesPerSecond, globalStep, step.Epoch),
            ], CancellationToken.None);
        }
    }

    private async Task OnEpochAsync(EpochMetrics epoch)
    {
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.TrainLoss] = epoch.TrainLoss,
            [MetricNames.TrainAccuracy] = epoch.TrainAccuracy,
            [MetricNames.ValidationLoss] = epoch.ValidationLoss,
            [MetricNames.ValidationAccuracy] = epoch.ValidationAccuracy,
        };
        if (leaseLost.IsCancellationRequested)
        {
            // The new holder trains this epoch again and records it; this run is about to be marked FAILED.
            return;
        }

        repository.SaveEpochMetrics(job.Id, epoch.Epoch, metrics);
        var timing = new Dictionary<string, double>
        {
            [MetricNames.LearningRate] = epoch.LearningRate,
            [MetricNames.EpochSeconds] = (epoch.TrainDuration + epoch.ValidationDuration).TotalSeconds,
            [MetricNames.EpochImagesPerSecond] = epoch.ImagesPerSecond,
            [MetricNames.DataWaitSeconds] = epoch.DataWait.TotalSeconds,
        };
        if (epoch.Phases is { } phases)
        {
            foreach (var phase in PhaseTotals.Phases)
            {
                timing[MetricNames.PhaseSeconds(phase)] = phases[phase].TotalSeconds;
            }
        }
        var updated = store.Update(job.Id, j =>
        {
            j.Progress ??= new JobProgressSnapshot { TotalEpochs = totalEpochs };
            j.Progress.Epoch = epoch.Epoch;
            foreach (var (key, value) in metrics.Concat(timing))
            {
                j.Progress.Metrics[key] = value;
            }
        }, string.Create(CultureInfo.InvariantCulture,
            $"epoch {epoch.Epoch}/{totalEpochs} done: val_loss {epoch.ValidationLoss:0.0000}, val_accuracy {epoch.ValidationAccuracy:0.0000}"));

        if (updated is not null && stopping.Check(updated, epoch.Epoch, totalEpochs, metrics) is { } reason)
        {
            stop(reason);
        }

        var step = updated?.Progress?.Step ?? 0;
        await tracker.LogMetricsAsync(runId,
            metrics.Concat(timing).Select(m => new MetricValue(m.Key, m.Value, step, epoch.Epoch)).ToList(),
            CancellationToken.None);
    }
}
