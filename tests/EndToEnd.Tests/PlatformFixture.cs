using Aspire.Hosting;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// The whole platform started from the AppHost, on random ports and a data root of its own,
/// shared by the tests of one collection and stopped after them.
/// </summary>
public abstract class PlatformFixture(string cacheMode) : IAsyncLifetime
{
    public static readonly string[] Services = ["ingestion", "training", "registry", "inference", "drift"];
    // A loaded 2-core CI machine, with other test projects running beside this one, can take minutes to start the stack.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(600);

    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-e2e-").FullName;
    private readonly Dictionary<string, GrpcChannel> channels = [];

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Cache:Mode={cacheMode}",
            $"--DataRoot={dataRoot}",
            "--DcpPublisher:RandomizePorts=true",
            "--Bootstrap:Enabled=false",
            // These tests drive each step by hand; ClosedLoopTests runs the automation with rules of its own.
            "--Automation:Enabled=false",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        foreach (var service in Services)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, timeout.Token);
        }
    }

    public string GrpcAddress(string service) => App.GetEndpoint(service, "grpc").ToString();

    public GrpcChannel Channel(string service)
    {
        lock (channels)
        {
            if (!channels.TryGetValue(service, out var channel))
            {
                channel = GrpcChannel.ForAddress(App.GetEndpoint(service, "grpc"));
                channels[service] = channel;
            }

            return channel;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in channels.Values)
        {
            channel.Dispose();
        }

        if (App is not null)
        {
            await App.DisposeAsync();
        }

        Directory.Delete(dataRoot, recursive: true);
    }
}

public sealed class PlatformWithRedis() : PlatformFixture("auto");

public sealed class PlatformWithoutRedis() : PlatformFixture("none");

[CollectionDefinition(Name)]
public sealed class PlatformWithRedisCollection : ICollectionFixture<PlatformWithRedis>
{
    public const string Name = "platform with redis";
}

[CollectionDefinition(Name)]
public sealed class PlatformWithoutRedisCollection : ICollectionFixture<PlatformWithoutRedis>
{
    public const string Name = "platform without redis";
}
