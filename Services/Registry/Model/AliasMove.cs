namespace Mlops.Registry.Model;

/// <summary>An alias pointed at a version (PreviousVersion 0 when the alias is new); Snapshot marks the current state a watch starts with.</summary>
public sealed record AliasMove
{
    public required string ModelName { get; init; }

    public required string Alias { get; init; }

    public int Version { get; init; }

    public int PreviousVersion { get; init; }

    public string Actor { get; init; } = "";

    public string Reason { get; init; } = "";

    public DateTimeOffset? ChangedAt { get; init; }

    public bool Snapshot { get; init; }
}

/// <summary>A request to point an alias at a version; an empty alias means production where promotion allows it.</summary>
public sealed record AliasRequest(string ModelName, string Alias, int Version, string Reason = "", string Actor = "");

/// <summary>A promotion that happened: the gate's figures (null when the alias is not gated) and the move.</summary>
public sealed record PromotionOutcome(GateVerdict? Gate, AliasMove Change);

/// <summary>One outgoing webhook call for an alias change, in its latest state.</summary>
public sealed record WebhookDeliveryEntry
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    public Mlops.Webhooks.WebhookDeliveryStatus Status { get; init; }

    public int Attempts { get; init; }

    /// <summary>The HTTP status or the connection error of the last attempt.</summary>
    public string LastError { get; init; } = "";

    public required AliasMove Change { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
