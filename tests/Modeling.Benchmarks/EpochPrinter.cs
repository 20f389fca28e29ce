using System.Diagnostics;
using Mlops.Modeling;
using Mlops.Modeling.Checkpoints;
using Mlops.Modeling.Profiling;

namespace Mlops.Modeling.Benchmarks;

internal sealed class EpochPrinter : IProgress<TrainingProgress>
{
    private TimeSpan cpuAtLastEpoch = Process.GetCurrentProcess().TotalProcessorTime;
    private TimeSpan trainCpu;

    /// <summary>The 1-minute load average: the machine is shared, so every figure carries it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public void Report(TrainingProgress value)
    {
        if (value is StepProgress step && step.Step == step.StepsPerEpoch)
        {
            // The training steps' CPU alone (validation excluded), comparable with the PyTorch script's epoch CPU.
            trainCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtLastEpoch;
        }
        else if (value is EpochMetrics e)
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
            var phaseTable = e.Phases is { } phases
                ? "; phases s: " + string.Join(", ", PhaseTotals.Phases.Select(p => $"{PhaseTotals.Name(p)} {phases[p].TotalSeconds:F1}"))
                : "";
            Console.WriteLine($"       train steps cpu {trainCpu.TotalSeconds:F1} s{phaseTable}");
        }
        else if (value is CheckpointSaved saved)
        {
            // What a run stores per epoch as checkpoints/epoch-NNNN.ckpt (weights, optimizer state, best weights).
            Console.WriteLine($"       checkpoint epoch {saved.Epoch}: {saved.Checkpoint.Content.Length:N0} bytes");
            cpuAtLastEpoch = Process.GetCurrentProcess().TotalProcessorTime;
        }
    }
}
