namespace Mlops.Webhooks;

/// <summary>Where events are POSTed and how hard to try; each service binds it from its own configuration section.</summary>
public sealed class WebhookOptions
{
    public List<string> Urls { get; set; } = [];

    /// <summary>Key of the HMAC-SHA256 signature in the X-Mlops-Signature header; an empty secret still signs (with an empty key).</summary>
    public string Secret { get; set; } = "";

    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the second attempt; each later wait doubles.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries in flight at once, so one slow receiver does not hold up the others.</summary>
    public int Concurrency { get; set; } = 8;
}
