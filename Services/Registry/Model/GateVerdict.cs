namespace Mlops.Registry.Model;

/// <summary>What the promotion gate measured and whether each check passed.</summary>
public sealed record GateVerdict
{
    public bool Passed { get; init; }

    public IReadOnlyList<GateCheckOutcome> Checks { get; init; } = [];

    public double Accuracy { get; init; }

    public double LatencyMsPerImage { get; init; }

    public long Samples { get; init; }

    public DateTimeOffset? EvaluatedAt { get; init; }
}

/// <summary>One check of the gate: its figure against its threshold, and a sentence that says so.</summary>
public sealed record GateCheckOutcome(string Name, bool Passed, double Measured, double Threshold, string Message);
