using Mlops.Modeling;

namespace Mlops.Modeling.Benchmarks;

internal sealed class EpochPrinter : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
    {
        if (value is EpochMetrics e)
        {
            Console.WriteLine($"{e.Epoch,5}  {e.TrainLoss,10:F4}  {e.TrainAccuracy,9:P2}  {e.ValidationLoss,8:F4}  {e.ValidationAccuracy,7:P2}  " +
                              $"{e.LearningRate,8:E2}  {e.TrainDuration.TotalSeconds,7:F1}  {e.ImagesPerSecond,6:F0}  " +
                              $"{e.DataWait.TotalSeconds,11:F2}  {e.ValidationDuration.TotalSeconds,5:F1}  {(e.IsBest ? "*" : "")}");
        }
    }
}
