using System.Text.RegularExpressions;

namespace Mlops.Training.Configs;

/// <summary>Every key a training config may set, in the order the resolved YAML lists them.</summary>
public static partial class ConfigSchema
{
    public static IReadOnlyList<ConfigKey> Keys { get; } =
    [
        Text("data.dataset", "fashion-mnist@latest", "Dataset reference: a version id, name, name@latest or name@<tag>."),
        Number("data.validation_fraction", 0.1, "Share of the training split held out for validation when the dataset has no validation split.",
            v => v is > 0 and < 1 ? null : "must be between 0 and 1 (exclusive)"),
        Boolean("data.augment.horizontal_flip", true, "Flip training images left-right at random."),
        Integer("data.augment.max_shift_pixels", 0, "Largest random shift in pixels (0 disables it).", Between(0, 8)),
        new ConfigKey("model.conv_channels", ConfigValueKind.IntegerList, new List<int> { 32, 64 }, "Output channels of each conv block.")
        {
            Check = v => v is IReadOnlyList<int> list && list.Count is >= 1 and <= 4 && list.All(c => c is >= 1 and <= 1024)
                ? null : "needs 1 to 4 channel counts, each 1..1024",
        },
        Integer("model.kernel_size", 3, "Convolution kernel size (odd).", v => v is >= 1 and <= 11 && v % 2 == 1 ? null : "must be odd, 1..11"),
        Integer("model.hidden_units", 128, "Units of the hidden fully connected layer.", Between(1, 8192)),
        Number("model.dropout", 0.25, "Dropout before the class layer.", v => v is >= 0 and < 1 ? null : "must be in [0, 1)"),
        Boolean("model.batch_norm", false, "Batch normalisation after every convolution (folded into the Conv at ONNX export)."),
        Boolean("model.residual", false, "A residual unit (two convolutions and a skip connection) after each block's pooling; needs model.batch_norm."),
        Integer("epochs", 10, "Training epochs (fewer if early stopping ends the run).", Between(1, 1000)),
        Integer("batch_size", 128, "Images per optimisation step.", Between(1, 65536)),
        Integer("seed", 42, "Seed of weights, shuffling, augmentation and dropout: the same seed gives the same metrics.", Between(0, int.MaxValue)),
        Integer("threads", 2, "TorchSharp intra-op threads (fixed so results do not depend on the machine).", Between(1, 64)),
        Choice("optimizer.name", "adam", "Optimiser.", "adam", "adamw", "sgd"),
        Number("optimizer.learning_rate", 0.001, "Base learning rate.", v => v > 0 ? null : "must be greater than 0"),
        Number("optimizer.momentum", 0.9, "Momentum (sgd only).", v => v is >= 0 and < 1 ? null : "must be in [0, 1)"),
        Number("optimizer.weight_decay", 0.0, "L2 weight decay (decoupled for adamw).", v => v >= 0 ? null : "must not be negative"),
        Number("loss.label_smoothing", 0.0, "Label smoothing of the training loss (0 = plain cross-entropy).", v => v is >= 0 and < 1 ? null : "must be in [0, 1)"),
        Choice("schedule.name", "cosine", "Learning-rate schedule; one_cycle changes the rate every step.", "none", "step", "cosine", "one_cycle"),
        Integer("schedule.step_epochs", 3, "Step schedule: epochs between decays.", Between(1, 1000)),
        Number("schedule.gamma", 0.5, "Step schedule: factor applied at each decay.", v => v is > 0 and <= 1 ? null : "must be in (0, 1]"),
        Number("schedule.warmup_fraction", 0.25, "One-cycle schedule: share of all steps spent warming up to the learning rate.",
            v => v is >= 0 and < 1 ? null : "must be in [0, 1)"),
        Integer("early_stopping.patience", 3, "Stop after this many epochs without a lower validation loss (0 disables).", Between(0, 1000)),
        Integer("checkpoint.keep", 2, "Checkpoints (one per epoch) a run keeps as artifacts, the latest; a job whose worker stops resumes " +
            "from the last one. 0 stores none.", Between(0, 100)),
        new ConfigKey("init.from_model", ConfigValueKind.Text, "", "Fine-tune: start from the weights of this registered model version " +
            "(name:version, name/version or name@alias; same network); empty starts from random weights.")
        {
            AllowEmpty = true,
            Check = v => ModelReferenceSyntax().IsMatch((string)v) ? null : "must be name:version, name/version or name@alias",
        },
        Boolean("profile.enabled", true, "Time every step's phases (data wait, forward, backward, optimizer step, evaluation) into the run's metrics."),
        Integer("profile.trace_start_step", 10, "First step (counted over the whole run) of the window recorded as a Chrome trace.", Between(1, int.MaxValue)),
        Integer("profile.trace_steps", 20, "Steps recorded in the trace artifact profile/trace.json (0 records none).", Between(0, 10_000)),
        Integer("export.verify_images", 256, "Held-out test images on which ONNX Runtime must agree with TorchSharp.", Between(1, 100_000)),
        Number("export.tolerance", 1e-4, "Largest allowed difference between ONNX Runtime and TorchSharp outputs.", v => v > 0 ? null : "must be greater than 0"),
        Boolean("export.int8", false, "Also register an int8 variant (static QDQ quantization calibrated on training images)."),
        Integer("export.calibration_images", 1000, "Training images the int8 variant's activation ranges are calibrated on.", Between(1, 100_000)),
        Number("export.prune_sparsity", 0.0, "Also register a variant with this share of its weights pruned by magnitude and fine-tuned (0 = none).",
            v => v is >= 0 and < 1 ? null : "must be in [0, 1)"),
        Integer("export.prune_finetune_epochs", 1, "Fine-tuning epochs of the pruned variant, its pruned weights held at zero.", Between(0, 100)),
        Text("register.model_name", "fashion", "Registry model the trained version is registered under.",
            v => ModelNameSyntax().IsMatch(v) ? null : "must be letters, digits, '.', '_' or '-' (starting with a letter or digit)"),
        Text("tracking.experiment", "default", "Experiment the run is filed under in the Registry."),
        new ConfigKey("tracking.git_commit", ConfigValueKind.Text, "", "Commit of the code; empty takes GIT_COMMIT from the environment.")
        {
            AllowEmpty = true,
        },
    ];

    private static readonly Dictionary<string, ConfigKey> ByPath = Keys.ToDictionary(k => k.Path, StringComparer.Ordinal);

    public static ConfigKey? Find(string path) => ByPath.GetValueOrDefault(path);

    /// <summary>Whether <paramref name="path"/> is a section that holds keys (e.g. "optimizer").</summary>
    public static bool IsSection(string path) => Keys.Any(k => k.Path.StartsWith(path + ".", StringComparison.Ordinal));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ModelNameSyntax();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}([:/][0-9]{1,9}|@[A-Za-z0-9][A-Za-z0-9._-]{0,63})$")]
    private static partial Regex ModelReferenceSyntax();

    private static Func<int, string?> Between(int min, int max) => v => v >= min && v <= max ? null : $"must be {min}..{max}";

    private static ConfigKey Integer(string path, int value, string description, Func<int, string?> check) =>
        new(path, ConfigValueKind.Integer, value, description) { Check = v => check((int)v) };

    private static ConfigKey Number(string path, double value, string description, Func<double, string?> check) =>
        new(path, ConfigValueKind.Number, value, description) { Check = v => check((double)v) };

    private static ConfigKey Boolean(string path, bool value, string description) =>
        new(path, ConfigValueKind.Boolean, value, description);

    private static ConfigKey Text(string path, string value, string description, Func<string, string?>? check = null) =>
        new(path, ConfigValueKind.Text, value, description)
        {
            Check = v => string.IsNullOrWhiteSpace((string)v) ? "must not be empty" : check?.Invoke((string)v),
        };

    private static ConfigKey Choice(string path, string value, string description, params string[] choices) =>
        new(path, ConfigValueKind.Choice, value, description) { Choices = choices };
}
