using Mlops.Automation.Http;
using Mlops.Automation.Rules;
using static Mlops.Automation.Http.AlertmanagerReceiver;

namespace Mlops.Automation.Tests;

public sealed class AlertmanagerReceiverTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Firing_alerts_become_events_resent_alerts_are_the_same_event_and_resolved_ones_are_ignored()
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "DriftDetected", ["model"] = "fashion", ["job"] = "drift" };
        var startsAt = Now.AddMinutes(-2);
        PushedAlert[] alerts =
        [
            new(labels, null, startsAt, Now.AddMinutes(4), null, null, null),
            new(labels, null, startsAt, Now.AddMinutes(8), null, null, null),
            new(new Dictionary<string, string> { ["alertname"] = "HighErrorRatio" }, null, startsAt, Now.AddMinutes(-1), null, null, null),
        ];

        var events = Firing(alerts, Now);

        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(TriggerKind.PrometheusAlert, e.Kind));
        Assert.Equal(events[0].Key, events[1].Key);
        Assert.Equal("DriftDetected", events[0].AlertName);
        Assert.Equal("fashion", events[0].Model);
    }

    [Fact]
    public void An_alertmanager_webhook_alert_with_the_zero_end_time_is_firing()
    {
        PushedAlert[] alerts =
        [
            new(new Dictionary<string, string> { ["alertname"] = "TrainingJobsFailing" }, null, Now, DateTimeOffset.MinValue, "firing", "abc123", null),
            new(new Dictionary<string, string> { ["alertname"] = "TrainingJobsFailing" }, null, Now, Now, "resolved", "abc123", null),
        ];

        var single = Assert.Single(Firing(alerts, Now));
        Assert.Contains("abc123", single.Key);
    }
}
