using Mlops.Automation.V1;
using Mlops.TestSupport;
using Xunit.Abstractions;

namespace Mlops.Automation.Tests;

/// <summary>
/// The real automation service as a process: a real Prometheus scrapes its /metrics, a rule on those metrics fires, and
/// Prometheus pushes the alert to the service's Alertmanager API, where a prometheus_alert rule acts on it once; a bad
/// rules file is refused on reload and the rules in force stay.
/// </summary>
public sealed class AutomationServiceTests(ITestOutputHelper output) : IAsyncLifetime
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
        await using var automation = await StartAutomationAsync($$"""
            rules:
              - name: {{Rule}}
                trigger: { on: prometheus_alert, alert: {{AlertName}}, model: fashion }
                action: { do: retrain_on_drift, config: quick, dataset: fashion-mnist }
                dry_run: true
            """);

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

    [Fact]
    public async Task A_bad_rules_file_is_refused_on_reload_with_its_problems_and_the_rules_in_force_stay()
    {
        await using var automation = await StartAutomationAsync("""
            rules:
              - name: promote-new-versions
                trigger: { on: model_registered, model: fashion }
                action: { do: promote }
            """);
        var client = new AutomationService.AutomationServiceClient(automation.Channel);

        File.WriteAllText(Path.Combine(folder, "automations.yml"), """
            rules:
              - name: promote-new-versions
                trigger: { on: model_registered, model: fashion }
                action: { do: promote }
              - name: retrain-after-promotion
                trigger: { on: model_promoted, model: fashion }
                action: { do: train, config: no-such-config, dataset: fashion-mnist, model: fashion }
              - name: typo
                trigger: { on: dataset_versoin }
                action: { do: train, config: quick }
            """);
        var reload = await client.ReloadRulesAsync(new ReloadRulesRequest());

        Assert.False(reload.Accepted);
        Assert.Contains(reload.Problems, p => p.Contains("unknown trigger 'dataset_versoin'", StringComparison.Ordinal));
        Assert.Contains(reload.Problems, p => p.Contains("no training config 'no-such-config'", StringComparison.Ordinal));
        Assert.Equal(["promote-new-versions"], reload.Rules.Select(rule => rule.Name));
        var listed = await client.ListRulesAsync(new ListRulesRequest());
        Assert.Equal(["promote-new-versions"], listed.Rules.Select(rule => rule.Name));
        Assert.Equal(reload.Problems, listed.RefusedProblems);

        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri(automation.HttpAddress, "/metrics"));
        var refused = System.Text.RegularExpressions.Regex.Match(metrics, @"^mlops_automation_rules_refused(?:\{[^}]*\})? (\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(refused.Success, metrics);
        Assert.Equal(reload.Problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Groups[1].Value);
    }

    /// <summary>The real service on free ports with <paramref name="rulesYaml"/> as its rules file; its peers are addresses where nothing listens.</summary>
    private async Task<ServiceProcess> StartAutomationAsync(string rulesYaml)
    {
        var rulesFile = Path.Combine(folder, "automations.yml");
        File.WriteAllText(rulesFile, rulesYaml);
        var nowhere = $"http://127.0.0.1:{FreePort.Next()}";
        return await ServiceProcess.StartAsync("Automation", new Dictionary<string, string?>
        {
            ["DataRoot"] = Path.Combine(folder, "data"),
            ["Automation__RulesFile"] = rulesFile,
            ["Services__ingestion"] = nowhere,
            ["Services__training"] = nowhere,
            ["Services__registry"] = nowhere,
            ["Services__drift"] = nowhere,
        }, output.WriteLine);
    }

    private static Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<string> failure) where T : class =>
        Condition.WaitForAsync("the condition", probe, Limit, detail: () => Task.FromResult(failure()));
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
