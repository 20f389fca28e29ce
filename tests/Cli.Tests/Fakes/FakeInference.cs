using Grpc.Core;
using Mlops.Inference.V1;

namespace Mlops.Cli.Tests.Fakes;

/// <summary>Predicts "Trouser" with 0.93 for PNGs and "T-shirt/top" with 0.71 for JPEGs, so a test can tell the answers apart.</summary>
public sealed class FakeInference : InferenceService.InferenceServiceBase
{
    public List<PredictBatchRequest> Requests { get; } = [];

    public override Task<PredictBatchResponse> PredictBatch(PredictBatchRequest request, ServerCallContext context)
    {
        Requests.Add(request);
        var response = new PredictBatchResponse();
        foreach (var image in request.Images)
        {
            var png = image.Encoded.Span[0] == 0x89;
            response.Predictions.Add(new Prediction
            {
                Label = png ? 1 : 0,
                ClassName = png ? "Trouser" : "T-shirt/top",
                Probabilities = { png ? [0.07f, 0.93f] : new[] { 0.71f, 0.29f } },
                ModelName = string.IsNullOrEmpty(request.ModelName) ? "fashion" : request.ModelName,
                ModelVersion = 3,
            });
        }

        return Task.FromResult(response);
    }

    public override Task<ServingStatus> GetServingStatus(GetServingStatusRequest request, ServerCallContext context) =>
        Task.FromResult(new ServingStatus { Ready = true, Models = { new LoadedModel { ModelName = "fashion", Version = 3, Alias = "production", OnnxSha256 = new string('c', 64) } } });
}
