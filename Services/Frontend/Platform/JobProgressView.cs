using System.Globalization;
using Mlops.Training.V1;

namespace Mlops.Frontend.Platform;

/// <summary>A job's progress as the Jobs page reads it: how far, and the latest loss, accuracy and throughput.</summary>
public sealed record JobProgressView(string Epochs, string Steps, double Percent, string? Loss, string? Accuracy, string? ImagesPerSecond)
{
    public static JobProgressView From(Job job)
    {
        var progress = job.Progress ?? new JobProgress();
        var percent = job.State == JobState.Succeeded ? 100
            : progress.TotalSteps > 0 ? Math.Clamp(100.0 * progress.Step / progress.TotalSteps, 0, 100)
            : 0;
        return new JobProgressView(
            progress.TotalEpochs > 0 ? $"{progress.Epoch}/{progress.TotalEpochs}" : "—",
            progress.TotalSteps > 0 ? $"{progress.Step}/{progress.TotalSteps}" : progress.Step.ToString(CultureInfo.InvariantCulture),
            percent,
            Metric(progress, "batch_loss"),
            Metric(progress, "batch_accuracy", percent: true),
            Metric(progress, "images_per_second"));
    }

    public static bool IsFinished(JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    private static string? Metric(JobProgress progress, string key, bool percent = false) =>
        progress.Metrics.TryGetValue(key, out var value) ? percent ? Display.Percent(value) : Display.Figure(value) : null;
}
