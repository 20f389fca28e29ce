using Mlops.Modeling.Checkpoints;

namespace Mlops.Modeling;

/// <summary>
/// Where a training starts other than from seeded random weights: a checkpoint to continue from (the run then ends
/// as the uninterrupted run would have), or the weights of an earlier model to fine-tune (a fresh optimizer and
/// schedule, the weights as the starting point). At most one of them.
/// </summary>
public sealed record TrainingStart
{
    public static TrainingStart Fresh { get; } = new();

    public TrainingCheckpoint? Checkpoint { get; init; }

    /// <summary>Weights in <see cref="ModelWeights"/>' format for a network built from the same config.</summary>
    public byte[]? InitialWeights { get; init; }
}
