using Mlops.Inference.V1;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>A batch of images per call to InferenceService.PredictBatch.</summary>
public static class PredictBatchScenario
{
    public static ScenarioDefinition Definition { get; } = new(
        "predict-batch",
        "InferenceService.PredictBatch; --set batch=<n> (default 32) model=<name> image=raw|png",
        Create);

    public static Scenario Create(ScenarioSettings settings)
    {
        var batch = settings.GetInt("batch", 32);
        var image = InferenceImages.FromSettings(settings);
        var request = new PredictBatchRequest { ModelName = settings.GetString("model", "") };
        request.Images.AddRange(Enumerable.Repeat(image, batch));
        var requestBytes = request.CalculateSize();
        return GrpcScenario.Create("predict-batch", settings, invoker => new InferenceService.InferenceServiceClient(invoker), async (client, _, call) =>
        {
            var response = await client.PredictBatchAsync(request, call).ConfigureAwait(false);
            return response.Predictions.Count == batch
                ? StepResult.Ok(GrpcScenario.Ok, requestBytes, response.CalculateSize())
                : StepResult.Fail("WrongCount", requestBytes, response.CalculateSize());
        });
    }
}
