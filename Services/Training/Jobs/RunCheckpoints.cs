using Grpc.Core;
using Mlops.Modeling.Checkpoints;

namespace Mlops.Training.Jobs;

/// <summary>A checkpoint stored with a run: where a job continues from.</summary>
public sealed record ResumePoint(string RunId, int Epoch, string Sha256);

/// <summary>The training checkpoints runs hold as artifacts in the Registry: finding, loading and pruning them.</summary>
public sealed class RunCheckpoints(IRunTracker tracker)
{
    /// <summary>The checkpoints of a run, oldest epoch first.</summary>
    public async Task<IReadOnlyList<ResumePoint>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        IReadOnlyList<RunArtifact> artifacts;
        try
        {
            artifacts = await tracker.ListArtifactsAsync(runId, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw new CheckpointNotFoundException($"No run '{Echo(runId)}' to resume: {e.Status.Detail}");
        }

        return artifacts
            .Select(a => TrainingCheckpoint.EpochOfArtifact(a.Name) is { } epoch ? new ResumePoint(runId, epoch, a.Sha256) : null)
            .OfType<ResumePoint>()
            .OrderBy(p => p.Epoch)
            .ToList();
    }

    /// <summary>The checkpoint of <paramref name="epoch"/> (0: the latest).</summary>
    /// <exception cref="CheckpointNotFoundException">The run does not exist or holds no such checkpoint.</exception>
    public async Task<ResumePoint> FindAsync(string runId, int epoch, CancellationToken cancellationToken)
    {
        var points = await ListAsync(runId, cancellationToken);
        if (points.Count == 0)
        {
            throw new CheckpointNotFoundException(
                $"Run {Echo(runId)} has no checkpoints (runs store them after each epoch unless checkpoint.keep=0).");
        }

        return epoch == 0 ? points[^1]
            : points.FirstOrDefault(p => p.Epoch == epoch)
              ?? throw new CheckpointNotFoundException(
                  $"Run {Echo(runId)} has no checkpoint of epoch {epoch}; it keeps epoch(s) {string.Join(", ", points.Select(p => p.Epoch))}.");
    }

    /// <exception cref="InvalidDataException">The stored bytes are not a checkpoint, or did not arrive intact.</exception>
    public async Task<TrainingCheckpoint> LoadAsync(ResumePoint point, CancellationToken cancellationToken) =>
        TrainingCheckpoint.Read(await tracker.DownloadArtifactAsync(point.Sha256, cancellationToken));

    private static string Echo(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
