using System.Globalization;
using Mlops.Modeling;

namespace Mlops.Modeling.Benchmarks;

/// <summary>
/// key=value arguments that set the network and the training options, named like the training config keys
/// (docs/training.md) so a measured setting can be copied into a config file.
/// </summary>
internal sealed record BenchmarkArguments(CnnConfig Config, TrainingOptions Options, int FeedComparisonEpochs, int? TrainImages)
{
    public static BenchmarkArguments Parse(IEnumerable<string> args)
    {
        var config = CnnConfig.Default;
        var options = new TrainingOptions();
        var feedEpochs = 0;
        int? trainImages = null;
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"'{arg}' is not key=value.");
            }

            var (key, value) = (parts[0], parts[1]);
            switch (key)
            {
                case "model.conv_channels": config = config with { ConvChannels = [.. value.Split(',').Select(Int)] }; break;
                case "model.kernel_size": config = config with { KernelSize = Int(value) }; break;
                case "model.hidden_units": config = config with { HiddenUnits = Int(value) }; break;
                case "model.dropout": config = config with { Dropout = Number(value) }; break;
                case "model.batch_norm": config = config with { BatchNorm = bool.Parse(value) }; break;
                case "model.residual": config = config with { Residual = bool.Parse(value) }; break;
                case "epochs": options = options with { Epochs = Int(value) }; break;
                case "batch_size": options = options with { BatchSize = Int(value) }; break;
                case "seed": options = options with { Seed = Int(value) }; break;
                case "threads": options = options with { Threads = Int(value) }; break;
                case "optimizer.name": options = options with { Optimizer = Enum.Parse<OptimizerKind>(value, ignoreCase: true) }; break;
                case "optimizer.learning_rate": options = options with { LearningRate = Number(value) }; break;
                case "optimizer.weight_decay": options = options with { WeightDecay = Number(value) }; break;
                case "optimizer.momentum": options = options with { Momentum = Number(value) }; break;
                case "schedule.name": options = options with { Schedule = Enum.Parse<LearningRateSchedule>(value.Replace("_", ""), ignoreCase: true) }; break;
                case "schedule.warmup_fraction": options = options with { WarmupFraction = Number(value) }; break;
                case "loss.label_smoothing": options = options with { LabelSmoothing = Number(value) }; break;
                case "data.augment.horizontal_flip": options = options with { RandomHorizontalFlip = bool.Parse(value) }; break;
                case "data.augment.max_shift_pixels": options = options with { RandomShiftPixels = Int(value) }; break;
                case "early_stopping.patience": options = options with { EarlyStoppingPatience = Int(value) }; break;
                case "feed_comparison_epochs": feedEpochs = Int(value); break;
                case "train_images": trainImages = Int(value); break;
                default: throw new ArgumentException($"Unknown key '{key}'.");
            }
        }
        return new BenchmarkArguments(config, options, feedEpochs, trainImages);
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
