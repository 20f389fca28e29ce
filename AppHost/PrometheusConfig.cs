using System.Globalization;
using System.Text;

namespace Mlops.AppHost;

/// <summary>One service Prometheus scrapes: its name becomes the <c>job</c> label the alert rules group by.</summary>
internal sealed record ScrapeTarget(string Job, string HostAndPort);

/// <summary>The prometheus.yml the AppHost writes at start: each service's /metrics, the alert rules, and where alerts go.</summary>
internal sealed record PrometheusConfig(
    IReadOnlyList<ScrapeTarget> Targets,
    string RulesFile,
    string? AlertReceiver,
    string ScrapeInterval,
    string EvaluationInterval)
{
    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("# Written by the AppHost at start from the services' allocated HTTP endpoints; rewritten on every start.");
        yaml.AppendLine("global:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  scrape_interval: {Quoted(ScrapeInterval)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  evaluation_interval: {Quoted(EvaluationInterval)}");
        yaml.AppendLine("rule_files:");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {Quoted(RulesFile)}");
        if (AlertReceiver is not null)
        {
            // The automation service accepts Prometheus' Alertmanager API push (POST /api/v2/alerts).
            yaml.AppendLine("alerting:");
            yaml.AppendLine("  alertmanagers:");
            yaml.AppendLine("    - api_version: v2");
            yaml.AppendLine("      static_configs:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"        - targets: [{Quoted(AlertReceiver)}]");
        }

        yaml.AppendLine("scrape_configs:");
        foreach (var target in Targets)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: {Quoted(target.Job)}");
            yaml.AppendLine("    metrics_path: /metrics");
            yaml.AppendLine("    static_configs:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [{Quoted(target.HostAndPort)}]");
        }

        return yaml.ToString();
    }

    /// <summary>Writes the file whole or not at all, so Prometheus never reads half of it.</summary>
    public void WriteTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, ToYaml());
        File.Move(temporary, path, overwrite: true);
    }

    // YAML double-quoted scalars: a path with a space or a colon stays one string.
    private static string Quoted(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
