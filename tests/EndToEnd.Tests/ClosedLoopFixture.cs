using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// The whole platform from the AppHost with the automation's rules of the closed loop, and drift and gate settings
/// that let a small sample show it: short windows, an alert after two drifted windows in a row, a lenient gate
/// (one epoch on 3,000 images is the point of the test, not its accuracy).
/// </summary>
public sealed class ClosedLoopFixture : IAsyncLifetime
{
    public const string Dataset = "fashion-loop";
    public const string Model = "fashion";

    public const string Rules = """
        rules:
          - name: train-on-new-data
            trigger: { on: dataset_version, dataset: fashion-loop }
            action: { do: train, config: quick, overrides: [epochs=1], model: fashion }
          - name: promote-new-versions
            trigger: { on: model_registered, model: fashion }
            action: { do: promote }
          - name: retrain-on-drift
            cooldown: 1h
            trigger: { on: drift_alert, model: fashion }
            action: { do: retrain_on_drift, config: quick, overrides: [epochs=1], dataset: fashion-loop }
        """;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(600);
    private static readonly string[] Services = ["ingestion", "training", "registry", "inference", "drift", "automation"];

    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-loop-").FullName;
    private readonly Dictionary<string, GrpcChannel> channels = [];

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>A folder Ingestion may import from (the data root's imports/), removed with the data root.</summary>
    public string ImportsFolder => Path.Combine(dataRoot, "imports");

    public async Task InitializeAsync()
    {
        var rulesFile = Path.Combine(dataRoot, "automations.yml");
        await File.WriteAllTextAsync(rulesFile, Rules);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            "--Cache:Mode=auto",
            $"--DataRoot={dataRoot}",
            "--DcpPublisher:RandomizePorts=true",
            "--Bootstrap:Enabled=false",
            $"--Automation:RulesFile={rulesFile}",
        ]);
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        Configure(builder, "drift", ("Drift__Window__Size", "200"), ("Drift__Alerts__ConsecutiveWindows", "2"));
        Configure(builder, "registry", ("Registry__Gate__MinAccuracy", "0.3"), ("Registry__Gate__MaxAccuracyDropVsProduction", "0.5"));
        Configure(builder, "automation", ("Automation__CatchUpInterval", "00:00:10"));

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

    private static void Configure(IDistributedApplicationTestingBuilder builder, string service, params (string Name, string Value)[] settings)
    {
        var resource = builder.Resources.OfType<ProjectResource>().Single(project => project.Name == service);
        var project = builder.CreateResourceBuilder(resource);
        foreach (var (name, value) in settings)
        {
            project.WithEnvironment(name, value);
        }
    }
}
