namespace Mlops.Registry.Webhooks;

/// <summary>Where alias changes are POSTed and how hard to try; bound from configuration section "Registry:Webhooks".</summary>
public sealed class WebhookOptions
{
    public const string Section = "Registry:Webhooks";

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
