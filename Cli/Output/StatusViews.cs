using System.Text.Json;
using Mlops.Inference.V1;
using Spectre.Console.Rendering;

namespace Mlops.Cli.Output;

/// <summary>One service's answer to its health check; <paramref name="Off"/> for an optional part where nothing listens.</summary>
public sealed record ServiceHealth(string Name, string Address, bool Healthy, string State, string Detail, bool Off = false);

public static class StatusViews
{
    public static IRenderable Show(IReadOnlyList<ServiceHealth> services, ServingStatus? serving)
    {
        var table = Tables.Create("service", "address", "health", "detail");
        foreach (var service in services)
        {
            table.AddCells(service.Name, service.Address, service.State, service.Detail);
        }

        if (serving is null)
        {
            return table;
        }

        var models = Tables.Create("model", "version", "alias", "onnx", "classes");
        foreach (var model in serving.Models)
        {
            models.AddCells(model.ModelName, Format.Integer(model.Version), model.Alias, Format.ShortId(model.OnnxSha256), Format.Integer(model.ClassNames.Count));
        }

        var line = new Spectre.Console.Text($"Inference {(serving.Ready ? "ready" : "not ready")}{(string.IsNullOrEmpty(serving.Message) ? "" : ": " + serving.Message)}");
        return Tables.Stack(table, line, serving.Models.Count > 0 ? models.RightAligned(1, 4) : null);
    }

    public static string Json(IReadOnlyList<ServiceHealth> services, ServingStatus? serving)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("services");
            foreach (var service in services)
            {
                writer.WriteStartObject();
                writer.WriteString("name", service.Name);
                writer.WriteString("address", service.Address);
                writer.WriteBoolean("healthy", service.Healthy);
                writer.WriteString("state", service.State);
                writer.WriteString("detail", service.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WritePropertyName("serving");
            if (serving is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteRawValue(ProtoJson.Format(serving));
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
