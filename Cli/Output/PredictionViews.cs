using System.Text;
using System.Text.Json;
using Mlops.Inference.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

/// <summary>Predictions next to the files they were made for.</summary>
public static class PredictionViews
{
    public static IRenderable Table(IReadOnlyList<(string File, Prediction Prediction)> predictions)
    {
        var table = Tables.Create("file", "class", "probability", "model", "cached");
        foreach (var (file, prediction) in predictions)
        {
            table.AddCells(file, prediction.ClassName, Format.Fixed(Probability(prediction)),
                $"{prediction.ModelName}/{prediction.ModelVersion}", prediction.Cached ? "yes" : "no");
        }

        return table.RightAligned(2);
    }

    /// <summary>A JSON array of {"file": ..., "prediction": {...}} with each prediction in protobuf's JSON mapping.</summary>
    public static string Json(IReadOnlyList<(string File, Prediction Prediction)> predictions)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var (file, prediction) in predictions)
            {
                writer.WriteStartObject();
                writer.WriteString("file", file);
                writer.WritePropertyName("prediction");
                writer.WriteRawValue(ProtoJson.Format(prediction));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The probability of the predicted class.</summary>
    public static double Probability(Prediction prediction) =>
        prediction.Label >= 0 && prediction.Label < prediction.Probabilities.Count ? prediction.Probabilities[prediction.Label] : double.NaN;
}
