using System.Globalization;
using Mlops.Modeling;
using Mlops.Training.Configs;

namespace Mlops.Modeling.Benchmarks;

/// <summary>
/// key=value arguments that set the network and the training options, named like the training config keys
/// (docs/training.md) so a measured setting can be copied into a config file. <c>config=NAME</c> (e.g.
/// <c>config=default</c>) instead resolves configs/NAME.yaml with the Training service's own resolver, the other
/// arguments being its overrides exactly as <c>mlops train NAME key=value ...</c> takes them.
/// </summary>
internal sealed record BenchmarkArguments(CnnConfig Config, TrainingOptions Options, int FeedComparisonEpochs, int? TrainImages)
{
    /// <summary>The resolved config's name and hash when the run came from a config file.</summary>
    public string? ConfigSource { get; init; }

    /// <summary>Share of the training images held out for validation, with the split's seed.</summary>
    public (double Fraction, int Seed) ValidationSplit { get; init; } = (0.1, 1);

    public static BenchmarkArguments Parse(IReadOnlyList<string> args)
    {
        var (own, rest) = Partition(args);
        var feedEpochs = own.TryGetValue("feed_comparison_epochs", out var f) ? Int(f) : 0;
        int? trainImages = own.TryGetValue("train_images", out var t) ? Int(t) : null;
        if (own.TryGetValue("config", out var name))
        {
            return FromConfigFile(name, rest, feedEpochs, trainImages);
        }

        var config = CnnConfig.Default;
        var options = new TrainingOptions();
        foreach (var arg in rest)
        {
            var parts = arg.Split('=', 2);
            var (key, value) = (parts[0], parts[1]);
            switch (key)
            {
                case "model.conv_channels": config = config with { ConvChannels = [.. value.Trim('[', ']').Split(',').Select(Int)] }; break;
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
                default: throw new ArgumentException($"Unknown key '{key}'.");
            }
        }
        return new BenchmarkArguments(config, options, feedEpochs, trainImages);
    }

    private static BenchmarkArguments FromConfigFile(string name, IReadOnlyList<string> overrides, int feedEpochs, int? trainImages)
    {
        var resolver = new ConfigResolver(new ConfigCatalog(ConfigCatalog.Locate(null)));
        var resolved = resolver.Resolve(ConfigRequest.Named(name, [.. overrides]));
        var training = resolved.ToTrainingConfig();
        var network = training.Network(1, 28, 28, 10);
        var source = $"configs/{name}.yaml{(overrides.Count > 0 ? " " + string.Join(' ', overrides) : "")} (config_hash {resolved.Hash[..12]})";
        return new BenchmarkArguments(network, training.Options, feedEpochs, trainImages)
        {
            ConfigSource = source,
            // The Training service's split when the dataset version has no validation split of its own.
            ValidationSplit = (training.ValidationFraction, (int)training.Options.Seed),
        };
    }

    private static (Dictionary<string, string> Own, List<string> Overrides) Partition(IReadOnlyList<string> args)
    {
        var own = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        foreach (var arg in args)
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2)
            {
                throw new ArgumentException($"'{arg}' is not key=value.");
            }

            if (parts[0] is "config" or "feed_comparison_epochs" or "train_images")
            {
                own[parts[0]] = parts[1];
            }
            else
            {
                rest.Add(arg);
            }
        }
        return (own, rest);
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}
