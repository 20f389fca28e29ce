using Mlops.Modeling;

namespace Mlops.Training.Configs;

/// <summary>A resolved config as the objects a training job uses.</summary>
public sealed record TrainingConfig(
    string Dataset,
    double ValidationFraction,
    IReadOnlyList<int> ConvChannels,
    int KernelSize,
    int HiddenUnits,
    double Dropout,
    bool BatchNorm,
    bool Residual,
    TrainingOptions Options,
    int VerifyImages,
    double VerifyTolerance,
    string ModelName,
    string Experiment,
    string GitCommit)
{
    /// <summary>Checkpoints a run keeps (the latest); 0 stores none.</summary>
    public int CheckpointKeep { get; init; }

    /// <summary>The model version whose weights training starts from, as the Registry resolves it (name/version or name@alias); empty for none.</summary>
    public string InitFromModel { get; init; } = "";

    public static TrainingConfig From(ResolvedTrainingConfig config)
    {
        var options = new TrainingOptions
        {
            Epochs = config.Get<int>("epochs"),
            BatchSize = config.Get<int>("batch_size"),
            Seed = config.Get<int>("seed"),
            Threads = config.Get<int>("threads"),
            LearningRate = config.Get<double>("optimizer.learning_rate"),
            Optimizer = config.Get<string>("optimizer.name") switch
            {
                "sgd" => OptimizerKind.Sgd,
                "adamw" => OptimizerKind.AdamW,
                _ => OptimizerKind.Adam,
            },
            Momentum = config.Get<double>("optimizer.momentum"),
            WeightDecay = config.Get<double>("optimizer.weight_decay"),
            Schedule = config.Get<string>("schedule.name") switch
            {
                "none" => LearningRateSchedule.None,
                "step" => LearningRateSchedule.Step,
                "one_cycle" => LearningRateSchedule.OneCycle,
                _ => LearningRateSchedule.Cosine,
            },
            StepEpochs = config.Get<int>("schedule.step_epochs"),
            StepGamma = config.Get<double>("schedule.gamma"),
            WarmupFraction = config.Get<double>("schedule.warmup_fraction"),
            LabelSmoothing = config.Get<double>("loss.label_smoothing"),
            EarlyStoppingPatience = config.Get<int>("early_stopping.patience"),
            RandomHorizontalFlip = config.Get<bool>("data.augment.horizontal_flip"),
            RandomShiftPixels = config.Get<int>("data.augment.max_shift_pixels"),
            Checkpoints = config.Get<int>("checkpoint.keep") > 0,
            ProfilePhases = config.Get<bool>("profile.enabled"),
            TraceStartStep = config.Get<int>("profile.trace_start_step"),
            TraceSteps = config.Get<int>("profile.trace_steps"),
        };
        var variants = new ExportVariants(
            config.Get<bool>("export.int8"),
            config.Get<int>("export.calibration_images"),
            config.Get<double>("export.prune_sparsity"),
            config.Get<int>("export.prune_finetune_epochs"));
        return new TrainingConfig(
            config.Get<string>("data.dataset"),
            config.Get<double>("data.validation_fraction"),
            config.Get<IReadOnlyList<int>>("model.conv_channels"),
            config.Get<int>("model.kernel_size"),
            config.Get<int>("model.hidden_units"),
            config.Get<double>("model.dropout"),
            config.Get<bool>("model.batch_norm"),
            config.Get<bool>("model.residual"),
            options,
            config.Get<int>("export.verify_images"),
            config.Get<double>("export.tolerance"),
            config.Get<string>("register.model_name"),
            config.Get<string>("tracking.experiment"),
            config.Get<string>("tracking.git_commit"))
        {
            CheckpointKeep = config.Get<int>("checkpoint.keep"),
            // name:version is the friendlier spelling; the Registry resolves name/version.
            InitFromModel = config.Get<string>("init.from_model") is { Length: > 0 } source && source.LastIndexOf(':') is var colon and > 0
                ? $"{source[..colon]}/{source[(colon + 1)..]}"
                : config.Get<string>("init.from_model"),
            Variants = variants,
        };
    }

    /// <summary>The int8 and pruned variants registered besides the fp32 model (none unless the config asks).</summary>
    public ExportVariants Variants { get; init; } = ExportVariants.None;

    /// <summary>The network for images of the given shape and class count.</summary>
    /// <exception cref="ArgumentException">The network does not fit the images (e.g. too many poolings for their size).</exception>
    public CnnConfig Network(int channels, int height, int width, int classCount)
    {
        var network = new CnnConfig
        {
            ConvChannels = ConvChannels,
            KernelSize = KernelSize,
            HiddenUnits = HiddenUnits,
            Dropout = Dropout,
            BatchNorm = BatchNorm,
            Residual = Residual,
            InputChannels = channels,
            InputHeight = height,
            InputWidth = width,
            ClassCount = classCount,
        };
        network.Validate();
        return network;
    }
}
