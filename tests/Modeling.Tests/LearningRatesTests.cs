namespace Mlops.Modeling.Tests;

public class LearningRatesTests
{
    [Fact]
    public void Cosine_starts_at_the_base_rate_and_halves_at_mid_training()
    {
        var options = new TrainingOptions { LearningRate = 0.01, Epochs = 10, Schedule = LearningRateSchedule.Cosine };

        Assert.Equal(0.01, LearningRates.ForEpoch(options, 0), 12);
        Assert.Equal(0.005, LearningRates.ForEpoch(options, 5), 12);
        Assert.True(LearningRates.ForEpoch(options, 9) < 0.001);
    }

    [Fact]
    public void Step_multiplies_by_gamma_every_step_epochs()
    {
        var options = new TrainingOptions { LearningRate = 0.1, Schedule = LearningRateSchedule.Step, StepEpochs = 2, StepGamma = 0.1 };

        Assert.Equal([0.1, 0.1, 0.01, 0.01, 0.001], Enumerable.Range(0, 5).Select(e => Math.Round(LearningRates.ForEpoch(options, e), 12)));
    }
}
