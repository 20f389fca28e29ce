using Mlops.TestSupport;

namespace Mlops.Automation.Tests;

/// <summary>The alert rules in deploy/prometheus are valid and fire on the metric names the services export (Debian's promtool).</summary>
public sealed class PrometheusRulesTests
{
    private static readonly string Folder = Path.Combine(RepositoryLayout.Root, "deploy", "prometheus");

    [PromtoolFact]
    public async Task The_rules_file_passes_promtool_check()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", "rules.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output);
    }

    [PromtoolFact]
    public async Task The_rules_unit_tests_pass()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", "rules.test.yml");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void The_rules_use_only_metric_names_the_services_define()
    {
        var rules = File.ReadAllText(Path.Combine(Folder, "rules.yml"));
        var defined = Directory.EnumerateFiles(Path.Combine(RepositoryLayout.Root, "Services"), "*Metrics.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .SelectMany(source => System.Text.RegularExpressions.Regex.Matches(source, "\"(mlops\\.[a-z_.]+)\"").Select(match => match.Groups[1].Value))
            .Select(name => name.Replace('.', '_'))
            .ToHashSet();

        var used = System.Text.RegularExpressions.Regex.Matches(rules, "\\b(mlops_[a-z_]+?)(_total|_milliseconds_bucket)\\b")
            .Select(match => match.Groups[1].Value)
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.Contains(name, defined));
    }

    private static Task<(int ExitCode, string Output)> PromtoolAsync(params string[] args) =>
        CommandLineTool.RunAsync(PromtoolFactAttribute.Executable, Folder, args);
}

/// <summary>A fact that needs Debian's promtool (package prometheus, installed by .ci/run); skipped with the reason where it is missing.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/promtool";

    public PromtoolFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"{Executable} is not installed (apt-get install prometheus)";
        }
    }
}
