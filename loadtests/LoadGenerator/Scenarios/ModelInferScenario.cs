using Google.Protobuf;
using Mlops.LoadGenerator.Engine;
using Mlops.OpenInference;

namespace Mlops.LoadGenerator.Scenarios;

/// <summary>Open Inference Protocol ModelInfer with the sample image as an FP32 [1,1,28,28] tensor in raw_input_contents.</summary>
public static class ModelInferScenario
{
    public static ScenarioDefinition Definition { get; } = new(
        "model-infer",
        "GRPCInferenceService.ModelInfer (Open Inference Protocol); --set model=<name> input=<tensor name, default input> distinct=true|false",
        Create);

    public static Scenario Create(ScenarioSettings settings)
    {
        var request = new ModelInferRequest { ModelName = settings.GetString("model", "") };
        request.Inputs.Add(new ModelInferRequest.Types.InferInputTensor
        {
            Name = settings.GetString("input", "input"),
            Datatype = "FP32",
            Shape = { 1, 1, SampleImage.Height, SampleImage.Width },
        });
        var floats = LittleEndianFloats(SampleImage.Floats);
        request.RawInputContents.Add(ByteString.CopyFrom(floats));
        var distinct = DistinctInputs.FromSettings(settings);
        var requestBytes = request.CalculateSize();
        return GrpcScenario.Create("model-infer", settings, invoker => new GRPCInferenceService.GRPCInferenceServiceClient(invoker), async (client, _, call) =>
        {
            var sent = request;
            if (distinct.Enabled)
            {
                sent = request.Clone();
                sent.RawInputContents[0] = ByteString.CopyFrom(distinct.NextFloats(floats));
            }

            var response = await client.ModelInferAsync(sent, call).ConfigureAwait(false);
            return StepResult.Ok(GrpcScenario.Ok, requestBytes, response.CalculateSize());
        });
    }

    private static byte[] LittleEndianFloats(float[] values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }
}
