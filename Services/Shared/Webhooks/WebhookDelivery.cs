namespace Mlops.Webhooks;

/// <summary>One event on its way to one URL, and how far it got.</summary>
public sealed record WebhookDelivery
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    /// <summary>Sent as the X-Mlops-Event header, e.g. "drift.alert".</summary>
    public required string EventName { get; init; }

    /// <summary>The exact JSON bytes that are POSTed and signed.</summary>
    public required byte[] Body { get; init; }

    public WebhookDeliveryStatus Status { get; init; } = WebhookDeliveryStatus.Pending;

    public int Attempts { get; init; }

    /// <summary>The HTTP status or the connection error of the last failed attempt; empty once delivered.</summary>
    public string LastError { get; init; } = "";

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
