namespace Mlops.Modeling.Tests;

/// <summary>
/// Small configs and subsets so each training in the suite takes about a second. One thread: on a shared
/// two-core machine, libtorch threads spinning against other processes make two threads several times slower.
/// </summary>
public static class SmallRuns
{
    public static readonly CnnConfig Config = new() { ConvChannels = [8, 16], HiddenUnits = 32 };

    public static readonly TrainingOptions Options = new() { Epochs = 1, BatchSize = 64, LearningRate = 3e-3, Threads = 1, Seed = 7 };

    private static readonly Lazy<LabeledImages> TrainSubset = new(() => FashionMnist.Train.Take(3000));

    private static readonly Lazy<LabeledImages> ValidationSubset = new(() =>
        FashionMnist.Train.Select(Enumerable.Range(50_000, 1000).ToArray()));

    private static readonly Lazy<LabeledImages> TestSubset = new(() => FashionMnist.Test.Take(1000));

    public static LabeledImages Train => TrainSubset.Value;

    public static LabeledImages Validation => ValidationSubset.Value;

    public static LabeledImages Test => TestSubset.Value;
}

/// <summary>One small model trained once and shared by the tests that only read it.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    public TrainedModelFixture()
    {
        Result = new CnnTrainer(SmallRuns.Config, SmallRuns.Options).Train(SmallRuns.Train, SmallRuns.Validation);
    }

    public TrainingResult Result { get; }

    public CnnModel Model => Result.Model;

    public void Dispose() => Result.Model.Dispose();
}

[CollectionDefinition(Name)]
public sealed class TrainedModelCollection : ICollectionFixture<TrainedModelFixture>
{
    public const string Name = "trained small model";
}
