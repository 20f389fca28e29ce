namespace Mlops.Drift.Model;

/// <summary>The drift report of one closed window: every test, the dataset-drift decision and the rule behind it.</summary>
public sealed class WindowReport
{
    public required WindowSummary Window { get; init; }

    public string ReferenceDatasetVersionId { get; init; } = "";

    public List<FeatureTestResult> Tests { get; init; } = [];

    public double DriftedShare { get; init; }

    public double DriftShareThreshold { get; init; }

    public string Correction { get; init; } = "";

    public double Alpha { get; init; }

    public DriftVerdict Verdict { get; init; }

    public string Summary { get; set; } = "";

    /// <summary>The dataset-drift decision rule in words, with its settings.</summary>
    public string Rule { get; init; } = "";

    /// <summary>The model's accuracy on the reference (held-out test) split, for context.</summary>
    public double ReferenceAccuracy { get; init; }
}
