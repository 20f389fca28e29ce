namespace Mlops.Modeling;

public static class LearningRates
{
    /// <summary>The learning rate of a 0-based epoch under the options' schedule.</summary>
    public static double ForEpoch(TrainingOptions options, int epoch) => options.Schedule switch
    {
        LearningRateSchedule.None => options.LearningRate,
        LearningRateSchedule.Step => options.LearningRate * Math.Pow(options.StepGamma, epoch / options.StepEpochs),
        LearningRateSchedule.Cosine => options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * epoch / options.Epochs)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Schedule, "Unknown schedule."),
    };
}
