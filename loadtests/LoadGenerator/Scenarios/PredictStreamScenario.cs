using Grpc.Core;
using Mlops.Inference.V1;
using Mlops.LoadGenerator.Engine;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>
/// One step is one InferenceService.PredictStream call carrying a burst of requests; it succeeds
/// when every answer arrives, in order, echoing its request id.
/// </summary>
public static class PredictStreamScenario
{
    public static ScenarioDefinition Definition { get; } = new(
        "predict-stream",
        "InferenceService.PredictStream, a burst per step; --set stream=<n> (default 16) model=<name> image=raw|png",
        Create);

    public static Scenario Create(ScenarioSettings settings)
    {
        var burst = settings.GetInt("stream", 16);
        var model = settings.GetString("model", "");
        var image = InferenceImages.FromSettings(settings);
        return GrpcScenario.Create("predict-stream", settings, invoker => new InferenceService.InferenceServiceClient(invoker), async (client, context, options) =>
        {
            using var call = client.PredictStream(options);
            long sent = 0;
            var reading = ReadAllAsync(call.ResponseStream, options.CancellationToken);
            for (var i = 0; i < burst; i++)
            {
                var request = new PredictRequest { ModelName = model, Image = image, RequestId = $"{context.InvocationNumber}-{i}" };
                sent += request.CalculateSize();
                await call.RequestStream.WriteAsync(request, options.CancellationToken).ConfigureAwait(false);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            var answers = await reading.ConfigureAwait(false);
            var inOrder = answers.Count == burst && answers.Select((a, i) => a.RequestId == $"{context.InvocationNumber}-{i}").All(ok => ok);
            var received = answers.Sum(a => (long)a.CalculateSize());
            return inOrder ? StepResult.Ok(GrpcScenario.Ok, sent, received) : StepResult.Fail("OutOfOrder", sent, received);
        });
    }

    private static async Task<List<Prediction>> ReadAllAsync(IAsyncStreamReader<Prediction> responses, CancellationToken cancellationToken)
    {
        var answers = new List<Prediction>();
        await foreach (var answer in responses.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            answers.Add(answer);
        }

        return answers;
    }
}
