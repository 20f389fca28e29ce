using Grpc.Net.Client;
using Mlops.Inference.V1;
using Mlops.OpenInference;
using Mlops.TestSupport;

namespace Mlops.Inference.Tests;

/// <summary>
/// The real registry and inference services as processes, with a recording drift endpoint (or the real drift service, for
/// a stack that says so): model "fashion" (version 1 of <see cref="Models.First"/>) behind the alias "staging", which the
/// inference service is configured to serve.
/// </summary>
public class InferenceStack : IAsyncLifetime
{
    public const string Alias = "staging";
    public const int MaxMessageBytes = 1 << 20;

    private readonly string dataRoot = Directory.CreateTempSubdirectory("mlops-inference-tests-").FullName;

    public ServiceProcess Registry { get; private set; } = null!;

    public ServiceProcess Inference { get; private set; } = null!;

    public DriftRecorder Drift { get; private set; } = null!;

    /// <summary>The drift service as a process, when <see cref="RunsRealDrift"/>; inference sends its records there instead.</summary>
    public ServiceProcess? DriftService { get; private set; }

    public RegistryCalls RegistryCalls => new(Registry.Channel);

    public int FirstVersion { get; private set; }

    public GrpcChannel Channel { get; private set; } = null!;

    public InferenceService.InferenceServiceClient Client => new(Channel);

    public GRPCInferenceService.GRPCInferenceServiceClient OpenInference => new(Channel);

    /// <summary>Models the inference service serves, each registered with <see cref="Models.First"/> before it starts.</summary>
    protected virtual IReadOnlyList<string> ModelNames => ["fashion", HotSwapTests.Model];

    protected virtual IReadOnlyDictionary<string, string?> ExtraEnvironment => new Dictionary<string, string?>();

    protected virtual bool RunsRealDrift => false;

    public virtual async Task InitializeAsync()
    {
        Registry = await ServiceProcess.StartAsync("Registry", new Dictionary<string, string?> { ["DataRoot"] = dataRoot, ["ConnectionStrings__cache"] = null });
        foreach (var name in ModelNames)
        {
            FirstVersion = await RegistryCalls.RegisterAsync(name, Models.First);
            await RegistryCalls.MoveAliasAsync(name, Alias, FirstVersion);
        }

        Drift = await DriftRecorder.StartAsync();
        if (RunsRealDrift)
        {
            DriftService = await ServiceProcess.StartAsync("Drift", new Dictionary<string, string?>
            {
                ["DataRoot"] = Directory.CreateDirectory(Path.Combine(dataRoot, "drift")).FullName,
                ["Services__registry"] = Registry.GrpcAddress.ToString(),
                ["ConnectionStrings__cache"] = null,
            });
        }

        var environment = new Dictionary<string, string?>
        {
            ["Services__registry"] = Registry.GrpcAddress.ToString(),
            ["Services__drift"] = (DriftService?.GrpcAddress ?? Drift.Address).ToString(),
            ["Inference__Alias"] = Alias,
            ["Inference__Collection__FlushInterval"] = "00:00:00.200",
            ["Inference__Collection__RawPixelSampleRate"] = "0.5",
            ["Grpc__MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings__cache"] = null,
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
        };
        for (var index = 0; index < ModelNames.Count; index++)
        {
            environment[$"Inference__Models__{index}"] = ModelNames[index];
        }

        foreach (var (key, value) in ExtraEnvironment)
        {
            environment[key] = value;
        }

        // Healthy only once the model is loaded (Degraded before), so this also waits for the first load.
        Inference = await ServiceProcess.StartAsync("Inference", environment);
        Channel = GrpcChannel.ForAddress(Inference.GrpcAddress, new GrpcChannelOptions { MaxSendMessageSize = 8 * MaxMessageBytes });
    }

    public virtual async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (Inference is not null)
        {
            await Inference.DisposeAsync();
        }

        if (Registry is not null)
        {
            await Registry.DisposeAsync();
        }

        if (Drift is not null)
        {
            await Drift.DisposeAsync();
        }

        if (DriftService is not null)
        {
            await DriftService.DisposeAsync();
        }

        Directory.Delete(dataRoot, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class InferenceStackCollection : ICollectionFixture<InferenceStack>
{
    public const string Name = "inference stack";
}
