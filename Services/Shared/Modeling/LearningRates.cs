namespace Mlops.Modeling;

public static class LearningRates
{
    private const double OneCycleStartDivisor = 25;
    private const double OneCycleEndDivisor = 1e4;

    /// <summary>The learning rate of a 0-based epoch under the options' schedule (its first step's rate for one-cycle).</summary>
    public static double ForEpoch(TrainingOptions options, int epoch) => options.Schedule switch
    {
        LearningRateSchedule.None => options.LearningRate,
        LearningRateSchedule.Step => options.LearningRate * Math.Pow(options.StepGamma, epoch / options.StepEpochs),
        LearningRateSchedule.Cosine => options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / options.Epochs)),
        LearningRateSchedule.OneCycle => OneCycle(options, epoch, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Schedule, "Unknown schedule."),
    };

    /// <summary>
    /// The learning rate of a 0-based step of a 0-based epoch: the one-cycle schedule changes every step,
    /// the others once an epoch.
    /// </summary>
    public static double ForStep(TrainingOptions options, int epoch, int step, int stepsPerEpoch) =>
        options.Schedule == LearningRateSchedule.OneCycle
            ? OneCycle(options, epoch, (double)step / stepsPerEpoch)
            : ForEpoch(options, epoch);

    private static double OneCycle(TrainingOptions options, int epoch, double epochFraction)
    {
        var progress = (epoch + epochFraction) / options.Epochs;
        var peak = options.LearningRate;
        var warmup = options.WarmupFraction;
        return progress < warmup
            ? Anneal(peak / OneCycleStartDivisor, peak, progress / warmup)
            : Anneal(peak, peak / OneCycleEndDivisor, (progress - warmup) / (1 - warmup));
    }

    /// <summary>Cosine interpolation from <paramref name="from"/> (t = 0) to <paramref name="to"/> (t = 1).</summary>
    private static double Anneal(double from, double to, double t) =>
        to + (from - to) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1)));
}
