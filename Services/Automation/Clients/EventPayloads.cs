using System.Text.Json;
using Google.Protobuf;
using Mlops.Automation.Events;
using Mlops.Drift.V1;
using Mlops.Ingestion.V1;
using Mlops.Registry.V1;

namespace Mlops.Automation.Clients;

/// <summary>The platform's event messages (as the services publish them on Redis, or as their list RPCs return them) as automation events.</summary>
public static class EventPayloads
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The event a Redis message carries, or null for messages the automation does not act on (e.g. alias snapshots).</summary>
    public static PlatformEvent? Parse(string channel, string payload)
    {
        try
        {
            return channel switch
            {
                "mlops:datasets" => FromDataset(Parser.Parse<DatasetEvent>(payload).Version),
                "mlops:models" => FromModelVersion(Parser.Parse<ModelVersion>(payload)),
                "mlops:alerts" => FromAlert(Parser.Parse<Alert>(payload)),
                "mlops:aliases" => FromAliasJson(payload),
                _ => null,
            };
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new FormatException(error.Message, error);
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(error.Message, error);
        }
    }

    public static PlatformEvent FromDataset(DatasetVersion version) =>
        PlatformEvent.NewDatasetVersion(version.Name, version.Id, version.CreatedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow);

    public static PlatformEvent FromModelVersion(ModelVersion version) =>
        PlatformEvent.NewModelVersion(version.ModelName, version.Version, version.Lineage?.DatasetVersion ?? "",
            version.CreatedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow);

    public static PlatformEvent FromAlert(Alert alert) =>
        PlatformEvent.DriftAlert(alert.Id, alert.ModelName, alert.ModelVersion, alert.ConsecutiveWindows,
            alert.RaisedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow);

    public static PlatformEvent? FromAliasChange(AliasChange change) =>
        change.Snapshot ? null : PlatformEvent.Promoted(change.ModelName, change.Alias, change.Version, change.ChangedAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow);

    /// <summary>The registry publishes alias changes in its webhook JSON (model, alias, version, changedAt), not protobuf JSON.</summary>
    private static PlatformEvent FromAliasJson(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        return PlatformEvent.Promoted(
            root.GetProperty("model").GetString() ?? "",
            root.GetProperty("alias").GetString() ?? "",
            root.GetProperty("version").GetInt32(),
            root.GetProperty("changedAt").GetDateTimeOffset());
    }
}
