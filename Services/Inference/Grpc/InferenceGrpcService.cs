using Grpc.Core;
using Mlops.Inference.Serving;
using Mlops.Inference.V1;

namespace Mlops.Inference.Grpc;

public sealed class InferenceGrpcService(LoadedModels loaded) : InferenceService.InferenceServiceBase
{
    public override Task<ServingStatus> GetServingStatus(GetServingStatusRequest request, ServerCallContext context)
    {
        var status = new ServingStatus
        {
            Ready = loaded.IsReady,
            Message = loaded.IsReady ? "serving" : "no model loaded yet: waiting for a production model in the registry",
        };
        status.Models.AddRange(loaded.All);
        return Task.FromResult(status);
    }
}
