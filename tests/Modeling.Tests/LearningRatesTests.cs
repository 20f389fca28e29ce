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

public class OneCycleScheduleTests
{
    private static readonly TrainingOptions Options = new()
    {
        LearningRate = 0.01,
        Epochs = 4,
        Schedule = LearningRateSchedule.OneCycle,
        WarmupFraction = 0.25,
    };

    [Fact]
    public void One_cycle_warms_up_to_the_peak_then_decays_far_below_the_start()
    {
        var rates = Enumerable.Range(0, 4).SelectMany(epoch =>
            Enumerable.Range(0, 100).Select(step => LearningRates.ForStep(Options, epoch, step, 100))).ToList();

        Assert.Equal(0.01 / 25, rates[0], 12);
        Assert.Equal(0.01, rates[100], 12);
        Assert.Equal(0.01, rates.Max(), 12);
        Assert.True(rates.Take(101).Zip(rates.Skip(1).Take(100)).All(p => p.Second >= p.First), "rises during the warm-up");
        Assert.True(rates.Skip(100).Zip(rates.Skip(101)).All(p => p.Second <= p.First), "falls after the warm-up");
        Assert.True(rates[^1] < 0.01 / 1000);
    }

    [Fact]
    public void Epoch_schedules_keep_one_rate_for_every_step_of_an_epoch()
    {
        var cosine = Options with { Schedule = LearningRateSchedule.Cosine };

        Assert.Equal(LearningRates.ForEpoch(cosine, 2), LearningRates.ForStep(cosine, 2, 57, 100));
    }
}
