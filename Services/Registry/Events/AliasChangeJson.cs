using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Registry.V1;

namespace Mlops.Registry.Events;

/// <summary>The JSON form of an alias change that webhooks receive and Redis subscribers read.</summary>
public static class AliasChangeJson
{
    public const string EventName = "alias.changed";

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static byte[] Serialize(AliasChange change, string? deliveryId = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Payload(
            EventName,
            deliveryId,
            change.ModelName,
            change.Alias,
            change.Version,
            change.PreviousVersion,
            change.Actor,
            change.Reason,
            change.ChangedAt?.ToDateTimeOffset() ?? default), Options);

    private sealed record Payload(
        string Event,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeliveryId,
        string Model,
        string Alias,
        int Version,
        int PreviousVersion,
        string Actor,
        string Reason,
        DateTimeOffset ChangedAt);
}
