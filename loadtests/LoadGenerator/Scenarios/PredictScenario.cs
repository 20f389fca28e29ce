using Mlops.Inference.V1;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>One image per call to InferenceService.Predict.</summary>
public static class PredictScenario
{
    public static ScenarioDefinition Definition { get; } = new(
        "predict",
        "InferenceService.Predict with one 28x28 image; --set model=<name> image=raw|png distinct=true|false",
        Create);

    public static Scenario Create(ScenarioSettings settings)
    {
        var request = new PredictRequest { ModelName = settings.GetString("model", ""), Image = InferenceImages.FromSettings(settings) };
        var distinct = DistinctInputs.FromSettings(settings);
        if (distinct.Enabled && request.Image.Pixels is null)
        {
            throw new FormatException("Setting distinct=true needs image=raw: an encoded image cannot be varied per request.");
        }

        var requestBytes = request.CalculateSize();
        return GrpcScenario.Create("predict", settings, invoker => new InferenceService.InferenceServiceClient(invoker), async (client, _, call) =>
        {
            var sent = distinct.Enabled ? Varied(request, distinct) : request;
            var prediction = await client.PredictAsync(sent, call).ConfigureAwait(false);
            return StepResult.Ok(GrpcScenario.Ok, requestBytes, prediction.CalculateSize());
        });
    }

    private static PredictRequest Varied(PredictRequest template, DistinctInputs distinct)
    {
        var request = template.Clone();
        request.Image.Pixels.Uint8Data = Google.Protobuf.ByteString.CopyFrom(distinct.Next(SampleImage.Pixels));
        return request;
    }
}
