using Mlops.Modeling.Feeds;
using TorchSharp;
using static TorchSharp.torch;

namespace Mlops.Modeling.Compression;

/// <summary>
/// Prunes a trained model to a sparsity and fine-tunes it for a few epochs with the pruned weights held at zero:
/// Adam at a tenth of the training's learning rate, decaying along a cosine to zero, on the same data pipeline
/// (augmentation, label smoothing, seed) as the training. The model is changed in place and left in evaluation mode.
/// </summary>
public static class PrunedFineTuning
{
    /// <returns>The mean training loss of the last fine-tuning epoch (NaN when <paramref name="epochs"/> is 0).</returns>
    public static double PruneAndFineTune(CnnModel model, double sparsity, LabeledImages train, TrainingOptions options, int epochs,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        train.EnsureShape(model.Config);
        using var masks = MagnitudePruner.Prune(model, sparsity);
        if (epochs == 0 || train.Count == 0)
        {
            model.eval();
            return double.NaN;
        }

        torch.set_num_threads(options.Threads);
        var tuning = options with { Epochs = epochs, EarlyStoppingPatience = 0 };
        // As in training: with batch norm a short last batch is left out of each epoch.
        var stepsPerEpoch = model.Config.BatchNorm && train.Count >= tuning.BatchSize
            ? train.Count / tuning.BatchSize
            : (train.Count + tuning.BatchSize - 1) / tuning.BatchSize;
        var totalSteps = stepsPerEpoch * epochs;
        using var feed = new PipelinedFeed(train, tuning, Math.Min(train.Count, stepsPerEpoch * tuning.BatchSize), totalSteps);
        using var optimizer = optim.Adam(model.parameters(), tuning.LearningRate / 10);
        model.train();
        var lastEpochLoss = 0.0;
        try
        {
            for (var step = 0; step < totalSteps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rate = tuning.LearningRate / 10 * 0.5 * (1 + Math.Cos(Math.PI * step / totalSteps));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                using var scope = NewDisposeScope();
                var (images, labels) = feed.Next(cancellationToken);
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.forward(images), labels, label_smoothing: tuning.LabelSmoothing);
                var value = loss.item<float>();
                if (!float.IsFinite(value))
                {
                    throw new TrainingDivergedException(step / stepsPerEpoch + 1, step % stepsPerEpoch + 1, value, rate);
                }

                loss.backward();
                optimizer.step();
                masks.Apply();
                lastEpochLoss = step % stepsPerEpoch == 0 ? value : lastEpochLoss + value;
            }
        }
        finally
        {
            model.eval();
        }
        return lastEpochLoss / stepsPerEpoch;
    }
}
