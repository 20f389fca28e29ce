namespace Mlops.Modeling;

public enum OptimizerKind
{
    Adam,
    /// <summary>Adam with decoupled weight decay.</summary>
    AdamW,
    /// <summary>Stochastic gradient descent with <see cref="TrainingOptions.Momentum"/>.</summary>
    Sgd,
}

public enum LearningRateSchedule
{
    None,
    /// <summary>Multiply by <see cref="TrainingOptions.StepGamma"/> every <see cref="TrainingOptions.StepEpochs"/> epochs.</summary>
    Step,
    /// <summary>Cosine decay from the base rate towards zero over <see cref="TrainingOptions.Epochs"/>.</summary>
    Cosine,
    /// <summary>
    /// Set every step: a cosine warm-up from LearningRate/25 to LearningRate over the first
    /// <see cref="TrainingOptions.WarmupFraction"/> of all steps, then a cosine decay to LearningRate/10^4
    /// (PyTorch's OneCycleLR without momentum cycling).
    /// </summary>
    OneCycle,
}

public enum BatchFeed
{
    /// <summary>A background task shuffles, augments and normalises the next batches while the current step runs.</summary>
    Pipelined,
    /// <summary>The whole set is normalised once into one tensor and batches are gathered from it; no augmentation.</summary>
    Preloaded,
}

public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;

    /// <summary>64 rather than 128: the default network underfits in 10 epochs and gains from more, smaller steps.</summary>
    public int BatchSize { get; init; } = 64;

    public double LearningRate { get; init; } = 1e-3;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    public int StepEpochs { get; init; } = 3;

    /// <summary>One-cycle schedule: share of all steps spent warming up.</summary>
    public double WarmupFraction { get; init; } = 0.25;

    /// <summary>Label smoothing of the training loss (0 = plain cross-entropy); validation and test losses stay plain.</summary>
    public double LabelSmoothing { get; init; }

    public double StepGamma { get; init; } = 0.5;

    public long Seed { get; init; } = 42;

    /// <summary>Stop after this many epochs without a lower validation loss; 0 disables early stopping.</summary>
    public int EarlyStoppingPatience { get; init; } = 3;

    /// <summary>Off by default: in 10 epochs it cost the default network accuracy (docs/benchmarks/training.md).</summary>
    public bool RandomHorizontalFlip { get; init; }

    /// <summary>Largest random shift in pixels along each axis (zero fill); 0 disables it.</summary>
    public int RandomShiftPixels { get; init; }

    /// <summary>Intra-op threads for TorchSharp; fixed so that results do not depend on the machine.</summary>
    public int Threads { get; init; } = 2;

    public BatchFeed Feed { get; init; } = BatchFeed.Pipelined;

    /// <summary>How many prepared batches the pipeline may hold ahead of the training step.</summary>
    public int PrefetchBatches { get; init; } = 4;

    /// <summary>Report a <see cref="Checkpoints.CheckpointSaved"/> after every epoch.</summary>
    public bool Checkpoints { get; init; }

    /// <summary>Time the phases of every step (data wait, forward, backward, optimizer step, evaluation) into each epoch's metrics.</summary>
    public bool ProfilePhases { get; init; }

    /// <summary>First step (counted from 1 over the whole run) of the window recorded as a trace.</summary>
    public long TraceStartStep { get; init; } = 1;

    /// <summary>Steps recorded as a Chrome trace from <see cref="TraceStartStep"/>; 0 records none. Needs <see cref="ProfilePhases"/>.</summary>
    public int TraceSteps { get; init; }

    public void Validate()
    {
        if (TraceStartStep < 1 || TraceSteps < 0)
        {
            throw new ArgumentException("TraceStartStep must be at least 1 and TraceSteps not negative.");
        }

        if (Epochs <= 0 || BatchSize <= 0)
        {
            throw new ArgumentException("Epochs and BatchSize must be positive.");
        }

        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentException($"LearningRate must be a positive number, got {LearningRate}.");
        }

        if (WeightDecay < 0 || Momentum < 0)
        {
            throw new ArgumentException("WeightDecay and Momentum must not be negative.");
        }

        if (Schedule == LearningRateSchedule.Step && (StepEpochs <= 0 || StepGamma <= 0))
        {
            throw new ArgumentException("A step schedule needs positive StepEpochs and StepGamma.");
        }

        if (WarmupFraction is < 0 or >= 1 || LabelSmoothing is < 0 or >= 1)
        {
            throw new ArgumentException("WarmupFraction and LabelSmoothing must be in [0, 1).");
        }

        if (EarlyStoppingPatience < 0 || RandomShiftPixels < 0)
        {
            throw new ArgumentException("EarlyStoppingPatience and RandomShiftPixels must not be negative.");
        }

        if (Threads <= 0 || PrefetchBatches <= 0)
        {
            throw new ArgumentException("Threads and PrefetchBatches must be positive.");
        }

        if (Feed == BatchFeed.Preloaded && (RandomHorizontalFlip || RandomShiftPixels > 0))
        {
            throw new ArgumentException("The preloaded feed does not augment; turn augmentation off or use the pipelined feed.");
        }
    }
}
