using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
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

    private readonly Dictionary<string, GrpcChannel> channels = [];

    protected string DataRoot { get; } = Directory.CreateTempSubdirectory("mlops-e2e-").FullName;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>AppHost settings beyond the shared ones: these tests drive each step by hand, so no automation rules.</summary>
    protected virtual IEnumerable<string> Settings => ["--Automation:Enabled=false"];

    /// <summary>The resources that must be healthy before a test starts.</summary>
    protected virtual IEnumerable<string> AwaitedResources => Services;

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Cache:Mode={cacheMode}",
            $"--DataRoot={DataRoot}",
            "--DcpPublisher:RandomizePorts=true",
            "--Bootstrap:Enabled=false",
            .. Settings,
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        Configure(builder);

        App = await builder.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(timeout.Token);
        foreach (var service in AwaitedResources)
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

        Directory.Delete(DataRoot, recursive: true);
    }

    /// <summary>Settings of single services (environment variables), before the application is built.</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    protected static void SetEnvironment(IDistributedApplicationTestingBuilder builder, string service, params (string Name, string Value)[] settings)
    {
        var resource = builder.Resources.OfType<ProjectResource>().Single(project => project.Name == service);
        var project = builder.CreateResourceBuilder(resource);
        foreach (var (name, value) in settings)
        {
            project.WithEnvironment(name, value);
        }
    }
}

/// <summary>Also starts Prometheus where Debian's package is installed (scraping every second), so this one stack start checks it too.</summary>
public sealed class PlatformWithRedis() : PlatformFixture("auto")
{
    public static bool WithPrometheus => File.Exists("/usr/bin/prometheus");

    protected override IEnumerable<string> Settings => WithPrometheus
        ? [.. base.Settings, "--Prometheus:Enabled=true", "--Prometheus:ScrapeInterval=1s", "--Prometheus:EvaluationInterval=1s"]
        : base.Settings;
}

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
