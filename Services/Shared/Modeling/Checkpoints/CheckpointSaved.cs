namespace Mlops.Modeling.Checkpoints;

/// <summary>Reported after each epoch when the options ask for checkpoints: store it to be able to resume from that epoch.</summary>
public sealed record CheckpointSaved(TrainingCheckpoint Checkpoint) : TrainingProgress(Checkpoint.Epoch);
