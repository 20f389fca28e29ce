using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Mlops.Registry.Model;
using Mlops.Scoring;

namespace Mlops.Registry.Models;

/// <summary>Loads a model with ONNX Runtime to learn what it really is; a file ORT cannot load is refused.</summary>
public static class OnnxModelInspector
{
    public const string ProbabilitiesOutput = "probabilities";
    public const string ClassNamesKey = "class_names";

    public static OnnxModelInfo Inspect(byte[] onnx)
    {
        InferenceSession session;
        try
        {
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
            session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException error)
        {
            throw RegistryException.InvalidArgument($"ONNX Runtime cannot load this model, so it is not registered: {error.Message}");
        }

        using (session)
        {
            var signature = new TensorSignature(
                [.. session.InputNames.Select(name => Spec(name, session.InputMetadata[name]))],
                [.. session.OutputNames.Select(name => Spec(name, session.OutputMetadata[name]))]);
            if (signature.Outputs.Count == 0)
            {
                throw RegistryException.InvalidArgument("The model has no outputs.");
            }

            return new OnnxModelInfo(signature, ClassNames(session.ModelMetadata.CustomMetadataMap));
        }
    }

    private static TensorDescription Spec(string name, NodeMetadata metadata) => new(
        name,
        metadata.IsTensor ? TensorDatatype.Of(metadata.ElementDataType) : metadata.OnnxValueType.ToString(),
        metadata.IsTensor ? [.. metadata.Dimensions.Select(dimension => dimension < 0 ? -1L : dimension)] : []);

    private static List<string>? ClassNames(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(ClassNamesKey, out var json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<string>>(json);
        }
        catch (JsonException)
        {
            throw RegistryException.InvalidArgument($"The model's '{ClassNamesKey}' metadata is not a JSON array of strings: {json}");
        }
    }
}
