using System.Text;
using Mlops.Modeling.Profiling;

namespace Mlops.Training.Jobs;

/// <summary>The metric keys jobs log to the Registry (docs/training.md lists them).</summary>
public static class MetricNames
{
    // Every step (throttled): of the current batch, and the epoch's throughput so far.
    public const string BatchLoss = "batch_loss";
    public const string BatchAccuracy = "batch_accuracy";
    public const string LearningRate = "learning_rate";
    public const string ImagesPerSecond = "images_per_second";

    // Every epoch.
    public const string TrainLoss = "train_loss";
    public const string TrainAccuracy = "train_accuracy";
    public const string ValidationLoss = "val_loss";
    public const string ValidationAccuracy = "val_accuracy";
    public const string EpochSeconds = "epoch_seconds";
    public const string EpochImagesPerSecond = "epoch_images_per_second";
    public const string DataWaitSeconds = "data_wait_seconds";

    // At the end.
    public const string TestAccuracy = "test_accuracy";
    public const string TestLoss = "test_loss";
    public const string BestEpoch = "best_epoch";
    public const string EpochsTrained = "epochs_trained";
    public const string TrainSeconds = "train_seconds";
    public const string OnnxMaxAbsDifference = "onnx_max_abs_diff";

    /// <summary>Every epoch when profiling: the epoch's seconds in a phase, e.g. phase_forward_seconds.</summary>
    public static string PhaseSeconds(TrainingPhase phase) => $"phase_{PhaseTotals.Name(phase)}_seconds";

    /// <summary>At the end when profiling: the whole run's seconds in a phase, e.g. phase_forward_total_seconds.</summary>
    public static string PhaseTotalSeconds(TrainingPhase phase) => $"phase_{PhaseTotals.Name(phase)}_total_seconds";

    /// <summary>The metrics a finished job reports that a sweep may optimise.</summary>
    public static IReadOnlyList<string> SweepMetrics { get; } =
        [ValidationAccuracy, ValidationLoss, TestAccuracy, TestLoss, TrainLoss, TrainAccuracy];

    /// <summary>The metrics reported after every epoch, which the median stopping rule can compare.</summary>
    public static IReadOnlyList<string> EpochMetrics { get; } = [ValidationAccuracy, ValidationLoss, TrainLoss, TrainAccuracy];

    public static bool IsLoss(string metric) => metric.EndsWith("loss", StringComparison.Ordinal);

    /// <summary>"test_accuracy_t_shirt_top" for class "T-shirt/top".</summary>
    public static string ClassAccuracy(string className)
    {
        var key = new StringBuilder("test_accuracy_");
        foreach (var c in className.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                key.Append(c);
            }
            else if (key[^1] != '_')
            {
                key.Append('_');
            }
        }
        return key.ToString().TrimEnd('_');
    }
}
