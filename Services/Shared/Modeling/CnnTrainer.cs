using System.Diagnostics;
using Mlops.Modeling.Feeds;
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
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Train(train, validation, progress, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Trains on the calling thread. <paramref name="progress"/> is called synchronously on that thread after
    /// every step and epoch, so it should be quick (Progress&lt;T&gt; posts elsewhere and may reorder reports).
    /// </summary>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    /// <exception cref="OperationCanceledException">Cancellation was requested.</exception>
    public TrainingResult Train(LabeledImages train, LabeledImages validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
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
            using var feed = CreateFeed(train, stepsPerEpoch, stepsPerEpoch * Options.Epochs);
            using var best = new BestWeights(model);
            var run = new EpochLoop(model, optimizer, feed, Options, stepsPerEpoch, progress, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            var epochs = new List<EpochMetrics>();
            var bestEpoch = 0;
            var stoppedEarly = false;
            for (var epoch = 1; epoch <= Options.Epochs; epoch++)
            {
                var trained = run.TrainEpoch(epoch);
                var validationStarted = Stopwatch.GetTimestamp();
                var validated = ModelEvaluator.Evaluate(model, validation);
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
                };
                epochs.Add(metrics);
                progress?.Report(metrics);
                if (Options.EarlyStoppingPatience > 0 && epoch - bestEpoch >= Options.EarlyStoppingPatience && epoch < Options.Epochs)
                {
                    stoppedEarly = true;
                    break;
                }
            }
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

    private ITrainingFeed CreateFeed(LabeledImages train, int stepsPerEpoch, int totalBatches)
    {
        var imagesPerEpoch = Math.Min(train.Count, stepsPerEpoch * Options.BatchSize);
        return Options.Feed switch
        {
            BatchFeed.Pipelined => new PipelinedFeed(train, Options, imagesPerEpoch, totalBatches),
            BatchFeed.Preloaded => new PreloadedFeed(train, Options, imagesPerEpoch),
            _ => throw new ArgumentOutOfRangeException(nameof(Options), Options.Feed, "Unknown feed."),
        };
    }
}
