using System.Diagnostics;
using Mlops.Modeling.Feeds;
using Mlops.Modeling.Profiling;
using static TorchSharp.torch;

namespace Mlops.Modeling;

/// <summary>The optimisation steps of one epoch, with its schedule, progress reports and divergence check.</summary>
internal sealed class EpochLoop(
    CnnModel model,
    optim.Optimizer optimizer,
    ITrainingFeed feed,
    TrainingOptions options,
    int stepsPerEpoch,
    IProgress<TrainingProgress>? progress,
    StepProfiler profiler,
    CancellationToken cancellationToken)
{
    /// <summary>Trains one epoch (1-based); the validation fields of the result are left for the caller.</summary>
    public EpochMetrics TrainEpoch(int epoch)
    {
        var learningRate = LearningRates.ForEpoch(options, epoch - 1);
        model.train();
        var waitBefore = feed.WaitTime;
        var started = Stopwatch.GetTimestamp();
        double lossSum = 0;
        long correct = 0, images = 0;
        for (var step = 1; step <= stepsPerEpoch; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            learningRate = LearningRates.ForStep(options, epoch - 1, step - 1, stepsPerEpoch);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = learningRate;
            }

            var (loss, batchCorrect, batchSize) = Step(epoch, step, learningRate);
            lossSum += loss * batchSize;
            correct += batchCorrect;
            images += batchSize;
            if (progress is not null)
            {
                var elapsed = Stopwatch.GetElapsedTime(started);
                progress.Report(new StepProgress(epoch, step, stepsPerEpoch, loss, (double)batchCorrect / batchSize,
                    learningRate, elapsed, images / elapsed.TotalSeconds));
            }
        }
        var duration = Stopwatch.GetElapsedTime(started);
        return new EpochMetrics(epoch, lossSum / images, (double)correct / images, double.NaN, double.NaN,
            learningRate, duration, TimeSpan.Zero, feed.WaitTime - waitBefore, images / duration.TotalSeconds, false);
    }

    private (double Loss, long Correct, long Count) Step(int epoch, int step, double learningRate)
    {
        using var scope = NewDisposeScope();
        var globalStep = (long)(epoch - 1) * stepsPerEpoch + step;
        var stepStarted = profiler.Start();
        var (images, labels) = feed.Next(cancellationToken);
        profiler.End(TrainingPhase.DataWait, stepStarted, epoch, globalStep);
        optimizer.zero_grad();
        var started = profiler.Start();
        var logits = model.forward(images);
        var loss = nn.functional.cross_entropy(logits, labels, label_smoothing: options.LabelSmoothing);
        var lossValue = loss.item<float>();
        profiler.End(TrainingPhase.Forward, started, epoch, globalStep);
        if (!float.IsFinite(lossValue))
        {
            throw new TrainingDivergedException(epoch, step, lossValue, learningRate);
        }

        started = profiler.Start();
        loss.backward();
        profiler.End(TrainingPhase.Backward, started, epoch, globalStep);
        started = profiler.Start();
        optimizer.step();
        profiler.End(TrainingPhase.Optimizer, started, epoch, globalStep);
        var correct = logits.argmax(1).eq(labels).sum().item<long>();
        profiler.EndStep(stepStarted, epoch, globalStep);
        return (lossValue, correct, labels.shape[0]);
    }
}
