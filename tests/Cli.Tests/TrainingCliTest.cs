using Mlops.Cli.Tests.Fakes;

namespace Mlops.Cli.Tests;

/// <summary>
/// The set-up of every CLI test of training commands: a fake Training and a fake Registry, each on its own test server,
/// and a CLI run pointed at both.
/// </summary>
public abstract class TrainingCliTest : IAsyncLifetime
{
    private GrpcTestServer trainingServer = null!;
    private GrpcTestServer registryServer = null!;

    protected FakeTraining Training { get; } = new();

    protected FakeRegistry Registry { get; } = new();

    public async Task InitializeAsync()
    {
        trainingServer = await GrpcTestServer.StartAsync(Training);
        registryServer = await GrpcTestServer.StartAsync(Registry);
    }

    public async Task DisposeAsync()
    {
        await trainingServer.DisposeAsync();
        await registryServer.DisposeAsync();
    }

    protected Task<CliRun> Run(params string[] args) =>
        CliRun.RunAsync([.. args, "--training", trainingServer.Address, "--registry", registryServer.Address]);
}
