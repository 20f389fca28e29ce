using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mlops.Automation.Events;

namespace Mlops.Automation.Http;

/// <summary>
/// Where Prometheus' firing alerts enter the platform: Prometheus' own alert push (the Alertmanager API,
/// POST /api/v2/alerts, a JSON list) and an Alertmanager webhook receiver (POST /alertmanager/webhook).
/// Each firing alert becomes one event; the same alert sent again (Prometheus resends) is the same event.
/// </summary>
public static class AlertmanagerReceiver
{
    public const string PushPath = "/api/v2/alerts";
    public const string WebhookPath = "/alertmanager/webhook";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static WebApplication MapAlertmanagerReceiver(this WebApplication app)
    {
        app.MapPost(PushPath, async (HttpRequest request, EventQueue queue) =>
        {
            var alerts = await ReadAsync<List<PushedAlert>>(request);
            return alerts is null ? Results.BadRequest("Expected a JSON list of alerts.") : Accept(alerts, queue);
        });
        app.MapPost(WebhookPath, async (HttpRequest request, EventQueue queue) =>
        {
            var message = await ReadAsync<WebhookMessage>(request);
            return message?.Alerts is null ? Results.BadRequest("Expected an Alertmanager webhook message with alerts.") : Accept(message.Alerts, queue);
        });
        return app;
    }

    /// <summary>The events of the alerts that are firing (not resolved) in a pushed list.</summary>
    public static IReadOnlyList<PlatformEvent> Firing(IEnumerable<PushedAlert> alerts, DateTimeOffset now) =>
        [.. alerts
            .Where(alert => alert.Status != "resolved" && (alert.EndsAt is null || alert.EndsAt > now || alert.EndsAt.Value.Year < 2))
            .Select(alert =>
            {
                var labels = alert.Labels ?? [];
                var name = labels.GetValueOrDefault("alertname", "");
                var fingerprint = string.IsNullOrEmpty(alert.Fingerprint) ? Fingerprint(labels) : alert.Fingerprint;
                return PlatformEvent.PrometheusAlert(name, fingerprint, labels.GetValueOrDefault("model", ""), alert.StartsAt ?? now);
            })];

    private static IResult Accept(IEnumerable<PushedAlert> alerts, EventQueue queue)
    {
        var events = Firing(alerts, DateTimeOffset.UtcNow);
        foreach (var platformEvent in events)
        {
            queue.Enqueue(platformEvent);
        }

        return Results.Ok(new { accepted = events.Count });
    }

    private static async Task<T?> ReadAsync<T>(HttpRequest request)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string Fingerprint(Dictionary<string, string> labels)
    {
        var text = string.Join(",", labels.OrderBy(label => label.Key, StringComparer.Ordinal).Select(label => $"{label.Key}={label.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    public sealed record PushedAlert(
        Dictionary<string, string>? Labels,
        Dictionary<string, string>? Annotations,
        DateTimeOffset? StartsAt,
        DateTimeOffset? EndsAt,
        string? Status,
        string? Fingerprint,
        [property: JsonPropertyName("generatorURL")] string? GeneratorUrl);

    public sealed record WebhookMessage(string? Status, List<PushedAlert>? Alerts);
}
