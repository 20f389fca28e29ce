using Mlops.TestSupport;

namespace Mlops.Registry.Tests;

/// <summary>Starts the built Registry service on a temporary data root, with the gate policy the end-to-end tests use.</summary>
internal sealed class RegistryProcess : IAsyncDisposable
{
    private RegistryProcess(ServiceProcess service, string dataRoot)
    {
        Service = service;
        DataRoot = dataRoot;
    }

    public ServiceProcess Service { get; }

    public string DataRoot { get; }

    public V1.RegistryService.RegistryServiceClient Client => new(Service.Channel);

    public static async Task<RegistryProcess> StartAsync(ITestOutputHelper? output = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataRoot = Directory.CreateTempSubdirectory("registry-e2e-").FullName;
        var environment = new Dictionary<string, string?>
        {
            ["DataRoot"] = dataRoot,
            ["Registry__Gate__MinAccuracy"] = "0.6",
            ["Registry__Gate__MaxAccuracyDropVsProduction"] = "0.02",
            ["Registry__Gate__MaxLatencyMsPerImage"] = "50",
            ["Registry__GarbageCollection__MinimumAge"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        var service = await ServiceProcess.StartAsync("Registry", environment, output is null ? null : output.WriteLine);
        return new RegistryProcess(service, dataRoot);
    }

    /// <summary>Where the content-addressed store keeps a blob.</summary>
    public string BlobPath(string sha256) => Path.Combine(DataRoot, "registry", "artifacts", sha256[..2], sha256[2..]);

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Directory.Delete(DataRoot, recursive: true);
    }
}

/// <summary>One registry process shared by the tests of a class that need no special configuration (each uses its own model names).</summary>
public sealed class SharedRegistry : IAsyncLifetime
{
    internal RegistryProcess Registry { get; private set; } = null!;

    public async Task InitializeAsync() => Registry = await RegistryProcess.StartAsync();

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}
