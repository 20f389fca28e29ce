using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Mlops.Registry.V1;
using Mlops.TestSupport;

namespace Mlops.EndToEnd.Tests;

/// <summary>
/// API keys on every service at once, each a real process configured with the same keys, the way a deployment runs them.
/// The table is the proto descriptors: every RPC of every service is called with no key, with a wrong key and with a key of
/// each scope. Which RPCs only read, and which predict, is written out by hand below, so an RPC that changes state but is
/// named like a read (or a read named like a write) shows up here instead of being decided by the middleware's own rule.
/// </summary>
public sealed class ApiKeysEveryServiceTests(ApiKeysEveryServiceTests.KeyedPlatform keyed) : IClassFixture<ApiKeysEveryServiceTests.KeyedPlatform>
{
    private const string ReadKey = "read-key-0123456789abcdef";
    private const string PredictKey = "predict-key-0123456789abcdef";
    private const string WriteKey = "write-key-0123456789abcdef";
    private const string AdminKey = "admin-key-0123456789abcdef";
    private const string Model = PlatformProcesses.Model;

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>The RPCs that change nothing: a read key may call them.</summary>
    private static readonly HashSet<string> ReadOnly =
    [
        "mlops.ingestion.v1.IngestionService/ListDatasets", "mlops.ingestion.v1.IngestionService/ListVersions",
        "mlops.ingestion.v1.IngestionService/GetDataset", "mlops.ingestion.v1.IngestionService/StreamSamples",
        "mlops.ingestion.v1.IngestionService/ExportDataset", "mlops.ingestion.v1.IngestionService/GetProfile",
        "mlops.ingestion.v1.IngestionService/WatchDatasets",
        "mlops.training.v1.TrainingService/GetJob", "mlops.training.v1.TrainingService/ListJobs", "mlops.training.v1.TrainingService/WatchJob",
        "mlops.training.v1.TrainingService/GetSweep", "mlops.training.v1.TrainingService/ListSweeps",
        "mlops.training.v1.TrainingService/ResolveConfig", "mlops.training.v1.TrainingService/ListConfigs",
        "mlops.registry.v1.RegistryService/GetRun", "mlops.registry.v1.RegistryService/ListRuns",
        "mlops.registry.v1.RegistryService/GetMetricHistory", "mlops.registry.v1.RegistryService/CompareRuns",
        "mlops.registry.v1.RegistryService/GetDatasetUsage", "mlops.registry.v1.RegistryService/DownloadArtifact",
        "mlops.registry.v1.RegistryService/ListModels", "mlops.registry.v1.RegistryService/ListModelVersions",
        "mlops.registry.v1.RegistryService/GetModelVersion", "mlops.registry.v1.RegistryService/GetAliasHistory",
        "mlops.registry.v1.RegistryService/WatchAliases", "mlops.registry.v1.RegistryService/ListWebhookDeliveries",
        "mlops.inference.v1.InferenceService/GetServingStatus",
        "inference.GRPCInferenceService/ServerLive", "inference.GRPCInferenceService/ServerReady",
        "inference.GRPCInferenceService/ModelReady", "inference.GRPCInferenceService/ServerMetadata",
        "inference.GRPCInferenceService/ModelMetadata",
        "mlops.drift.v1.DriftService/ListWindows", "mlops.drift.v1.DriftService/GetDriftReport",
        "mlops.drift.v1.DriftService/ListAlerts", "mlops.drift.v1.DriftService/WatchAlerts",
        "mlops.automation.v1.AutomationService/ListRules", "mlops.automation.v1.AutomationService/ListFirings",
    ];

    /// <summary>The RPCs that serve predictions: a predict key may call them (and the read-only ones).</summary>
    private static readonly HashSet<string> Predicting =
    [
        "mlops.inference.v1.InferenceService/Predict", "mlops.inference.v1.InferenceService/PredictBatch",
        "mlops.inference.v1.InferenceService/PredictStream", "inference.GRPCInferenceService/ModelInfer",
    ];

    /// <summary>The RPCs that destroy or redirect what others rely on: only an admin key may call them.</summary>
    private static readonly HashSet<string> AdminOnly =
    [
        "mlops.ingestion.v1.IngestionService/DeleteVersion", "mlops.ingestion.v1.IngestionService/ArchiveVersion",
        "mlops.ingestion.v1.IngestionService/CollectGarbage",
        "mlops.registry.v1.RegistryService/DeleteRun", "mlops.registry.v1.RegistryService/ArchiveRun",
        "mlops.registry.v1.RegistryService/ArchiveModelVersion", "mlops.registry.v1.RegistryService/CollectGarbage",
        "mlops.registry.v1.RegistryService/SetAlias",
        "mlops.automation.v1.AutomationService/SetRuleEnabled",
    ];

    private PlatformProcesses Platform => keyed.Platform;

    private static Metadata Key(string key) => new() { { "x-api-key", key } };

    [Fact]
    public async Task Every_rpc_of_every_service_needs_a_key_and_the_scope_its_effect_needs()
    {
        var table = new (string Service, ServiceDescriptor Descriptor)[]
        {
            ("Ingestion", Mlops.Ingestion.V1.IngestionReflection.Descriptor.Services.Single()),
            ("Ingestion", Mlops.Ingestion.V1.RemoteReflection.Descriptor.Services.Single()),
            ("Training", Mlops.Training.V1.TrainingReflection.Descriptor.Services.Single()),
            ("Registry", RegistryReflection.Descriptor.Services.Single()),
            ("Inference", Mlops.Inference.V1.InferenceReflection.Descriptor.Services.Single()),
            ("Inference", Mlops.OpenInference.GrpcPredictV2Reflection.Descriptor.Services.Single()),
            ("Drift", Mlops.Drift.V1.DriftReflection.Descriptor.Services.Single()),
            ("Automation", Mlops.Automation.V1.AutomationReflection.Descriptor.Services.Single()),
        };
        var wrong = new List<string>();
        var calls = 0;
        foreach (var (name, descriptor) in table)
        {
            var invoker = Platform[name].Channel.CreateCallInvoker();
            foreach (var method in descriptor.Methods)
            {
                var path = $"{descriptor.FullName}/{method.Name}";
                var needs = ReadOnly.Contains(path) ? "read" : Predicting.Contains(path) ? "predict" : AdminOnly.Contains(path) ? "admin" : "write";
                foreach (var (key, holds) in new (string?, string)[] { (null, "none"), ("not-a-key", "none"), (ReadKey, "read"), (PredictKey, "predict"), (WriteKey, "write"), (AdminKey, "admin") })
                {
                    var expected = holds == "none" ? StatusCode.Unauthenticated : Grants(holds, needs) ? (StatusCode?)null : StatusCode.PermissionDenied;
                    var status = await CallAsync(invoker, method, key);
                    calls++;
                    var verdict = status is StatusCode.Unauthenticated or StatusCode.PermissionDenied ? (StatusCode?)status : null;
                    if (verdict != expected)
                    {
                        wrong.Add($"{path} with a {holds} key (needs {needs}): {status}, expected {expected?.ToString() ?? "not refused"}");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {calls} calls were decided wrongly:\n{string.Join("\n", wrong)}");
        foreach (var service in Platform.Services)
        {
            foreach (var secret in new[] { ReadKey, PredictKey, WriteKey, AdminKey })
            {
                Assert.DoesNotContain(secret, service.Output, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_predict_key_predicts_over_grpc_and_http_and_a_read_key_cannot()
    {
        var inference = Platform["Inference"];
        var client = new Mlops.Inference.V1.InferenceService.InferenceServiceClient(inference.Channel);
        var image = FashionMnistSample.Test;
        var request = new Mlops.Inference.V1.PredictRequest
        {
            ModelName = Model,
            Image = new Mlops.Inference.V1.ImageInput
            {
                Pixels = new Mlops.Inference.V1.RawPixels
                {
                    Shape = new Mlops.Common.V1.ImageShape { Channels = 1, Height = image.Height, Width = image.Width },
                    Uint8Data = ByteString.CopyFrom(image.Image(0)),
                },
            },
        };

        var predicted = await client.PredictAsync(request, Key(PredictKey));
        var byReader = await Assert.ThrowsAsync<RpcException>(() => client.PredictAsync(request, Key(ReadKey)).ResponseAsync);

        Assert.Equal(FashionMnistSample.ClassNames[predicted.Label], predicted.ClassName);
        Assert.Equal(StatusCode.PermissionDenied, byReader.StatusCode);
        Assert.Contains("'predict' scope", byReader.Status.Detail, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = inference.HttpAddress };
        var png = Mlops.Imaging.ImageEncoder.EncodePng(image.Image(0), image.Height, image.Width);
        async Task<HttpStatusCode> PostAsync(string? key)
        {
            using var body = new ByteArrayContent(png);
            body.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            using var post = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{Model}/predict-image") { Content = body };
            if (key is not null)
            {
                post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await http.SendAsync(post);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(null));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(ReadKey));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(PredictKey));
    }

    private static bool Grants(string held, string needed)
    {
        string[] order = ["read", "predict", "write", "admin"];
        return Array.IndexOf(order, held) >= Array.IndexOf(order, needed);
    }

    /// <summary>Calls <paramref name="method"/> with an empty request (or none, for a client stream) and returns how it ended.</summary>
    private static async Task<StatusCode> CallAsync(CallInvoker invoker, MethodDescriptor method, string? key)
    {
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var call = new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, Bytes, Bytes);
        // An allowed watch runs until its deadline: that ends it without a refusal, which is what is checked.
        var options = new CallOptions(key is null ? null : Key(key), DateTime.UtcNow.AddSeconds(5));
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(call, null, options, []).ResponseAsync;
                    break;
                case MethodType.ClientStreaming:
                    using (var upload = invoker.AsyncClientStreamingCall(call, null, options))
                    {
                        await upload.RequestStream.CompleteAsync();
                        await upload.ResponseAsync;
                    }

                    break;
                case MethodType.ServerStreaming:
                    using (var stream = invoker.AsyncServerStreamingCall(call, null, options, []))
                    {
                        while (await stream.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
                default:
                    using (var duplex = invoker.AsyncDuplexStreamingCall(call, null, options))
                    {
                        await duplex.RequestStream.CompleteAsync();
                        while (await duplex.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }
                    }

                    break;
            }

            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    /// <summary>The platform with four keys, one per scope, configured on every service; each service sends the admin key to its peers.</summary>
    public sealed class KeyedPlatform : IAsyncLifetime
    {
        public PlatformProcesses Platform { get; } = new(_ => { }, Keys(), callKey: AdminKey);

        public Task InitializeAsync() => Platform.StartAsync();

        public async Task DisposeAsync() => await Platform.DisposeAsync();

        private static Dictionary<string, string?> Keys() => new()
        {
            ["Auth__Keys__0__Name"] = "reader",
            ["Auth__Keys__0__Key"] = ReadKey,
            ["Auth__Keys__0__Scopes__0"] = "read",
            ["Auth__Keys__1__Name"] = "predictor",
            ["Auth__Keys__1__Key"] = PredictKey,
            ["Auth__Keys__1__Scopes__0"] = "predict",
            ["Auth__Keys__2__Name"] = "writer",
            ["Auth__Keys__2__Key"] = WriteKey,
            ["Auth__Keys__2__Scopes__0"] = "write",
            ["Auth__Keys__3__Name"] = "platform",
            ["Auth__Keys__3__Key"] = AdminKey,
            ["Auth__Keys__3__Scopes__0"] = "admin",
            // What each service sends its peers: the inference service only becomes healthy if the registry accepts it.
            ["Auth__ClientKey"] = AdminKey,
        };
    }
}
