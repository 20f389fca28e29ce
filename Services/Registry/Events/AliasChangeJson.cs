using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Registry.Model;

namespace Mlops.Registry.Events;

/// <summary>The JSON form of an alias change that webhooks receive and Redis subscribers read.</summary>
public static class AliasChangeJson
{
    public const string EventName = "alias.changed";

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static byte[] Serialize(AliasMove change, string? deliveryId = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Payload(
            EventName,
            deliveryId,
            change.ModelName,
            change.Alias,
            change.Version,
            change.PreviousVersion,
            change.Actor,
            change.Reason,
            (change.ChangedAt ?? default).ToUniversalTime()), Options);

    /// <summary>The change a body of <see cref="Serialize"/> carries; serializing it again with the same delivery id gives the same bytes.</summary>
    public static AliasMove Parse(ReadOnlySpan<byte> json)
    {
        var payload = JsonSerializer.Deserialize<Payload>(json, Options) ?? throw new JsonException("An alias change body cannot be null.");
        return new AliasMove
        {
            ModelName = payload.Model,
            Alias = payload.Alias,
            Version = payload.Version,
            PreviousVersion = payload.PreviousVersion,
            Actor = payload.Actor,
            Reason = payload.Reason,
            ChangedAt = payload.ChangedAt.ToUniversalTime(),
        };
    }

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
