using Mlops.Inference.V1;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>One image per call to InferenceService.Predict.</summary>
public static class PredictScenario
{
    public static ScenarioDefinition Definition { get; } = new(
        "predict",
        "InferenceService.Predict with one 28x28 image; --set model=<name> image=raw|png",
        Create);

    public static Scenario Create(ScenarioSettings settings)
    {
        var request = new PredictRequest { ModelName = settings.GetString("model", ""), Image = InferenceImages.FromSettings(settings) };
        var requestBytes = request.CalculateSize();
        return GrpcScenario.Create("predict", channel => new InferenceService.InferenceServiceClient(channel), async (client, _, cancellationToken) =>
        {
            var prediction = await client.PredictAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return StepResult.Ok(GrpcScenario.Ok, requestBytes, prediction.CalculateSize());
        });
    }
}
