using Mlops.Modeling.Checkpoints;

namespace Mlops.Training.Jobs;

/// <summary>
/// Stores each epoch's checkpoint with the run and takes older ones off it, so that the run holds the latest
/// <c>keep</c>. A checkpoint is stored before an older one is dropped: a worker dying in between leaves one more, never fewer.
/// </summary>
internal sealed class CheckpointKeeper(IRunTracker tracker, string runId, int keep)
{
    private readonly Queue<string> kept = new();

    public async Task StoreAsync(TrainingCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (keep <= 0)
        {
            return;
        }

        var sha256 = await tracker.UploadArtifactAsync(runId, TrainingCheckpoint.ArtifactName(checkpoint.Epoch), TrainingCheckpoint.MediaType,
            checkpoint.Content, cancellationToken);
        kept.Enqueue(sha256);
        while (kept.Count > keep)
        {
            await tracker.RemoveArtifactAsync(runId, kept.Dequeue(), cancellationToken);
        }
    }
}
