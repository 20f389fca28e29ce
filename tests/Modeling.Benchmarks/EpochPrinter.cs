using System.Diagnostics;
using Mlops.Modeling;
using Mlops.Modeling.Checkpoints;
using Mlops.Modeling.Profiling;

namespace Mlops.Modeling.Benchmarks;

internal sealed class EpochPrinter : IProgress<TrainingProgress>
{
    private TimeSpan cpuAtLastEpoch = Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The 1-minute load average: the machine is shared, so every figure carries it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public void Report(TrainingProgress value)
    {
        if (value is EpochMetrics e)
        {
            // CPU seconds of the whole process (training, feed and validation) since the last epoch: on a loaded
            // machine wall-clock time follows the neighbours, CPU time follows the work.
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var cpuSeconds = (cpu - cpuAtLastEpoch).TotalSeconds;
            cpuAtLastEpoch = cpu;
            Console.WriteLine($"{e.Epoch,5}  {e.TrainLoss,10:F4}  {e.TrainAccuracy,9:P2}  {e.ValidationLoss,8:F4}  {e.ValidationAccuracy,7:P2}  " +
                              $"{e.LearningRate,8:E2}  {e.TrainDuration.TotalSeconds,7:F1}  {e.ImagesPerSecond,6:F0}  " +
                              $"{e.DataWait.TotalSeconds,11:F2}  {e.ValidationDuration.TotalSeconds,5:F1}  {(e.IsBest ? "*" : ""),4}  " +
                              $"{cpuSeconds,5:F0}  {LoadAverage()}");
            if (e.Phases is { } phases)
            {
                Console.WriteLine("       phases s: " + string.Join(", ",
                    PhaseTotals.Phases.Select(p => $"{PhaseTotals.Name(p)} {phases[p].TotalSeconds:F1}")));
            }
        }
        else if (value is CheckpointSaved saved)
        {
            // What a run stores per epoch as checkpoints/epoch-NNNN.ckpt (weights, optimizer state, best weights).
            Console.WriteLine($"       checkpoint epoch {saved.Epoch}: {saved.Checkpoint.Content.Length:N0} bytes");
        }
    }
}
