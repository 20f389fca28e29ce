using Mlops.Cli.Tests.Fakes;

namespace Mlops.Cli.Tests;

/// <summary>The set-up of every CLI test of training commands: a fake Training and a fake Registry.</summary>
public abstract class TrainingCliTest : FakeServicesCliTest
{
    protected TrainingCliTest()
    {
        Training = Serve("training", new FakeTraining());
        Registry = Serve("registry", new FakeRegistry());
    }

    protected FakeTraining Training { get; }

    protected FakeRegistry Registry { get; }
}
