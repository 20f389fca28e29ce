using System.Diagnostics;
using Mlops.Automation.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Automation.Tests;

/// <summary>
/// A real Prometheus scrapes the real automation service's /metrics, a rule on those metrics fires, and Prometheus pushes
/// the alert to the service's Alertmanager API, where a prometheus_alert rule acts on it and the firing is recorded.
/// </summary>
public sealed class PrometheusAlertDeliveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Rule = "act-on-prometheus-alert";
    private const string AlertName = "AutomationRulesInForce";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(180);

    private readonly string folder = Directory.CreateTempSubdirectory("mlops-automation-prometheus-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [PrometheusFact]
    public async Task A_firing_Prometheus_alert_reaches_the_automation_service_and_fires_its_rule()
    {
        var rulesFile = Path.Combine(folder, "automations.yml");
        File.WriteAllText(rulesFile, $$"""
            rules:
              - name: {{Rule}}
                trigger: { on: prometheus_alert, alert: {{AlertName}}, model: fashion }
                action: { do: retrain_on_drift, config: quick, dataset: fashion-mnist }
                dry_run: true
            """);
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}";
        await using var automation = await ServiceProcess.StartAsync("Automation", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(folder, "data"),
            ["Automation__RulesFile"] = rulesFile,
            ["Services__ingestion"] = nowhere,
            ["Services__training"] = nowhere,
            ["Services__registry"] = nowhere,
            ["Services__drift"] = nowhere,
        }, output.WriteLine);

        var target = automation.HttpAddress.Authority;
        await using var prometheus = await PrometheusServer.StartAsync($$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: [test-rules.yml]
            alerting:
              alertmanagers:
                - api_version: v2
                  static_configs: [{ targets: ["{{target}}"] }]
            scrape_configs:
              - job_name: automation
                static_configs: [{ targets: ["{{target}}"] }]
            """,
            ("test-rules.yml", $$"""
            groups:
              - name: test
                rules:
                  - alert: {{AlertName}}
                    expr: sum by (job) (mlops_automation_rules_loaded{state="enabled"}) > 0
                    labels: { model: fashion }
            """));

        var client = new AutomationService.AutomationServiceClient(automation.Channel);
        var firing = await EventuallyAsync(async () =>
        {
            var firings = await client.ListFiringsAsync(new ListFiringsRequest { Rule = Rule });
            return firings.Firings.FirstOrDefault(f => f.Outcome != "started");
        }, () => $"no firing of {Rule}. Prometheus alerts: {prometheus.GetAsync("/api/v1/alerts").Result}\nPrometheus log:\n{prometheus.Output}");

        Assert.Contains($"Prometheus alert {AlertName} on fashion", firing.Event, StringComparison.Ordinal);
        Assert.Equal("retrain_on_drift", firing.Action);

        // Prometheus resends a firing alert every evaluation; the service acts on it once.
        var metrics = await EventuallyAsync(async () =>
        {
            using var http = new HttpClient();
            var text = await http.GetStringAsync(new Uri(automation.HttpAddress, "/metrics"));
            return text.Contains("mlops_automation_events_total{", StringComparison.Ordinal) && text.Contains("prometheus_alert", StringComparison.Ordinal) ? text : null;
        }, () => "the automation service's /metrics never counted the Prometheus alert event");
        Assert.Contains($"rule=\"{Rule}\"", metrics, StringComparison.Ordinal);
        var again = await client.ListFiringsAsync(new ListFiringsRequest { Rule = Rule });
        Assert.Single(again.Firings);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<string> failure) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Limit)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"After {Limit.TotalSeconds:0} s: {failure()}");
    }
}

/// <summary>A fact that needs Debian's prometheus (installed by .ci/run); skipped with the reason where it is missing.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (!PrometheusServer.IsInstalled)
        {
            Skip = $"{PrometheusServer.Executable} is not installed (apt-get install prometheus)";
        }
    }
}
