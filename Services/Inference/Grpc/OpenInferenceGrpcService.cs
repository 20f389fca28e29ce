using Grpc.Core;
using Mlops.Inference.Serving;
using Mlops.OpenInference;

namespace Mlops.Inference.Grpc;

/// <summary>The Open Inference Protocol v2 (KServe/Triton) front of the same models.</summary>
public sealed class OpenInferenceGrpcService(LoadedModels loaded) : GRPCInferenceService.GRPCInferenceServiceBase
{
    public const string ServerName = "mlops-inference";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = loaded.IsReady });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ModelReadyResponse { Ready = IsServed(request.Name, request.Version) });

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerMetadataResponse
        {
            Name = ServerName,
            Version = typeof(OpenInferenceGrpcService).Assembly.GetName().Version?.ToString() ?? "0",
        });

    private bool IsServed(string name, string version) =>
        loaded.Find(name) is { } model && (string.IsNullOrEmpty(version) || version == model.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
