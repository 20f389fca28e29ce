using System.Diagnostics;
using Mlops.Modeling.Checkpoints;
using Mlops.Modeling.Feeds;
using Mlops.Modeling.Profiling;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Modeling;

/// <summary>
/// Trains a <see cref="CnnModel"/> on in-memory images. The same config, options (seed included) and
/// data give identical metrics and weights: weights and dropout come from a seeded generator, batches
/// from a seeded shuffle, and the thread count is fixed.
/// </summary>
public sealed class CnnTrainer
{
    public CnnTrainer(CnnConfig config, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        config.Validate();
        options.Validate();
        Config = config;
        Options = options;
    }

    public CnnConfig Config { get; }

    public TrainingOptions Options { get; }

    /// <summary>Runs <see cref="Train"/> on a dedicated thread, so dispose scopes and torch's thread setting stay on one thread.</summary>
    public Task<TrainingResult> TrainAsync(LabeledImages train, LabeledImages validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingStart? start = null) =>
        Task.Factory.StartNew(() => Train(train, validation, progress, cancellationToken, start), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Trains on the calling thread. <paramref name="progress"/> is called synchronously on that thread after
    /// every step and epoch, so it should be quick (Progress&lt;T&gt; posts elsewhere and may reorder reports).
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    /// <exception cref="InvalidDataException">The start's checkpoint or weights do not fit this network and these options.</exception>
    public TrainingResult Train(LabeledImages train, LabeledImages validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingStart? start = null)
    {
        start ??= TrainingStart.Fresh;
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        train.EnsureShape(Config);
        validation.EnsureShape(Config);
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException("Training and validation sets must both hold images.");
        }

        torch.set_num_threads(Options.Threads);
        var model = new CnnModel(Config, Options.Seed);
        try
        {
            using var optimizer = CreateOptimizer(model);
            var stepsPerEpoch = StepsPerEpoch(train.Count);
            using var best = new BestWeights(model);
            var epochs = new List<EpochMetrics>();
            var bestEpoch = 0;
            var stoppedEarly = false;
            if (start.Checkpoint is { } checkpoint)
            {
                EnsureCompatible(checkpoint, stepsPerEpoch);
                CheckpointState.Restore(checkpoint, model, optimizer, best);
                epochs.AddRange(checkpoint.Epochs);
                bestEpoch = checkpoint.BestEpoch;
                stoppedEarly = checkpoint.StoppedEarly;
            }
            else if (start.InitialWeights is { } weights)
            {
                LoadInitialWeights(model, weights);
            }

            var firstEpoch = epochs.Count + 1;
            var remaining = stoppedEarly ? 0 : Math.Max(0, Options.Epochs - epochs.Count);
            using var feed = CreateFeed(train, stepsPerEpoch, Math.Max(1, stepsPerEpoch * remaining), epochs.Count);
            var profiler = new StepProfiler(Options, progress);
            var run = new EpochLoop(model, optimizer, feed, Options, stepsPerEpoch, progress, profiler, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            for (var epoch = firstEpoch; epoch <= Options.Epochs && !stoppedEarly; epoch++)
            {
                var trained = run.TrainEpoch(epoch);
                var validationStarted = Stopwatch.GetTimestamp();
                var evaluationStarted = profiler.Start();
                var validated = ModelEvaluator.Evaluate(model, validation);
                profiler.End(TrainingPhase.Evaluation, evaluationStarted, epoch, (long)epoch * stepsPerEpoch);
                if (!double.IsFinite(validated.Loss))
                {
                    throw new TrainingDivergedException(epoch, stepsPerEpoch, validated.Loss, trained.LearningRate);
                }

                var isBest = best.Offer(validated.Loss);
                if (isBest)
                {
                    bestEpoch = epoch;
                }

                var metrics = trained with
                {
                    ValidationLoss = validated.Loss,
                    ValidationAccuracy = validated.Accuracy,
                    ValidationDuration = Stopwatch.GetElapsedTime(validationStarted),
                    IsBest = isBest,
                    Phases = profiler.TakeEpoch(),
                };
                epochs.Add(metrics);
                progress?.Report(metrics);
                profiler.ReportTraceIfDone(epoch, (long)epoch * stepsPerEpoch, final: false);
                stoppedEarly = Options.EarlyStoppingPatience > 0 && epoch - bestEpoch >= Options.EarlyStoppingPatience && epoch < Options.Epochs;
                if (Options.Checkpoints)
                {
                    progress?.Report(new CheckpointSaved(CheckpointState.Capture(
                        Header(epoch, bestEpoch, best.BestLoss, stoppedEarly, stepsPerEpoch, epochs), model, optimizer, best)));
                }
            }
            profiler.ReportTraceIfDone(epochs.Count, (long)epochs.Count * stepsPerEpoch, final: true);
            best.Restore();
            model.eval();
            return new TrainingResult(model, epochs, bestEpoch, stoppedEarly, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private CheckpointHeader Header(int epoch, int bestEpoch, double bestLoss, bool stoppedEarly, int stepsPerEpoch, List<EpochMetrics> epochs) =>
        new(epoch, bestEpoch, bestLoss, stoppedEarly, Config.ToString(), Options.Optimizer.ToString(), Options.Seed, Options.BatchSize,
            stepsPerEpoch, epochs.Select(StoredEpoch.From).ToList());

    /// <summary>A checkpoint continues only the training it came from: same network, optimizer, seed and batches.</summary>
    private void EnsureCompatible(TrainingCheckpoint checkpoint, int stepsPerEpoch)
    {
        var header = checkpoint.Header;
        var expected = Header(0, 0, 0, false, stepsPerEpoch, []);
        var differences = new List<string>();
        if (header.Network != expected.Network)
        {
            differences.Add($"network {header.Network} (now {expected.Network})");
        }

        if (header.Optimizer != expected.Optimizer)
        {
            differences.Add($"optimizer {header.Optimizer} (now {expected.Optimizer})");
        }

        if (header.Seed != expected.Seed || header.BatchSize != expected.BatchSize || header.StepsPerEpoch != stepsPerEpoch)
        {
            differences.Add($"seed {header.Seed}, batch size {header.BatchSize}, {header.StepsPerEpoch} steps per epoch " +
                $"(now {expected.Seed}, {expected.BatchSize}, {stepsPerEpoch})");
        }

        if (header.Epoch > Options.Epochs)
        {
            differences.Add($"{header.Epoch} epochs already trained, more than the {Options.Epochs} configured");
        }

        if (differences.Count > 0)
        {
            throw new InvalidDataException($"The checkpoint of epoch {header.Epoch} comes from another training: {string.Join("; ", differences)}.");
        }
    }

    private static void LoadInitialWeights(CnnModel model, byte[] weights)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(weights, writable: false), System.Text.Encoding.UTF8, leaveOpen: false);
            model.load(reader, strict: true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"The initial weights do not fit the network {model.Config}: {e.Message}", e);
        }
    }

    private optim.Optimizer CreateOptimizer(CnnModel model) => Options.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(model.parameters(), Options.LearningRate, weight_decay: Options.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(model.parameters(), Options.LearningRate, weight_decay: Options.WeightDecay),
        OptimizerKind.Sgd => optim.SGD(model.parameters(), Options.LearningRate, momentum: Options.Momentum,
            weight_decay: Options.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(Options), Options.Optimizer, "Unknown optimizer."),
    };

    /// <summary>
    /// With batch norm the last, shorter batch of an epoch is left out (its images come in other epochs' batches):
    /// a short batch's statistics are noisier, and here such a step made the gradients NaN.
    /// </summary>
    private int StepsPerEpoch(int images) =>
        Config.BatchNorm && images >= Options.BatchSize
            ? images / Options.BatchSize
            : (images + Options.BatchSize - 1) / Options.BatchSize;

    private ITrainingFeed CreateFeed(LabeledImages train, int stepsPerEpoch, int totalBatches, int skipEpochs)
    {
        var imagesPerEpoch = Math.Min(train.Count, stepsPerEpoch * Options.BatchSize);
        return Options.Feed switch
        {
            BatchFeed.Pipelined => new PipelinedFeed(train, Options, imagesPerEpoch, totalBatches, skipEpochs),
            BatchFeed.Preloaded => new PreloadedFeed(train, Options, imagesPerEpoch, skipEpochs),
            _ => throw new ArgumentOutOfRangeException(nameof(Options), Options.Feed, "Unknown feed."),
        };
    }
}
