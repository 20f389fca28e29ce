using Mlops.TestSupport;

namespace Mlops.Cli.Tests;

/// <summary>
/// A CLI test against fake services, each on its own test server: a test class registers its fakes in its constructor
/// with <see cref="Serve"/>, and <see cref="Run"/> points the CLI at every one of them.
/// </summary>
public abstract class FakeServicesCliTest : IAsyncLifetime
{
    private readonly List<(string Flag, Func<Task<GrpcTestServer>> Start)> fakes = [];
    private readonly List<(string Flag, GrpcTestServer Server)> servers = [];

    /// <summary>Serves <paramref name="service"/> for the test; the CLI gets its address as --<paramref name="flag"/>.</summary>
    protected T Serve<T>(string flag, T service) where T : class
    {
        fakes.Add((flag, () => GrpcTestServer.StartAsync(service)));
        return service;
    }

    public async Task InitializeAsync()
    {
        foreach (var (flag, start) in fakes)
        {
            servers.Add((flag, await start()));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, server) in servers)
        {
            await server.DisposeAsync();
        }
    }

    protected Task<CliRun> Run(params string[] args) =>
        CliRun.RunAsync([.. args, .. servers.SelectMany(served => new[] { $"--{served.Flag}", served.Server.Address })]);
}
