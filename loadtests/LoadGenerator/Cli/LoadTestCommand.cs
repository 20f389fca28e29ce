using Mlops.LoadGenerator.Engine;
using Mlops.LoadGenerator.Thresholds;

namespace Mlops.LoadGenerator.Cli;

public sealed record ScenarioChoice(string Name, int Weight);

/// <summary>What the command line asked for.</summary>
public sealed record LoadTestCommand
{
    public static readonly Uri DefaultTarget = new("http://127.0.0.1:5402");

    public IReadOnlyList<ScenarioChoice> Scenarios { get; init; } = [];

    public IReadOnlyList<LoadSimulation> Simulations { get; init; } = [];

    public TimeSpan WarmUp { get; init; }

    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    public Uri Target { get; init; } = DefaultTarget;

    public bool AllowRemote { get; init; }

    public long? MaxRequests { get; init; }

    public int MaxInFlight { get; init; } = 10_000;

    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(10);

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Null: loadtests/reports/&lt;timestamp&gt;/ in the repository (mirrored to loadtests/reports/latest/).</summary>
    public string? ReportDirectory { get; init; }

    public bool NoReport { get; init; }

    public bool Quiet { get; init; }

    public bool ShowHelp { get; init; }

    public bool ListScenarios { get; init; }
}
