namespace Mlops.Drift.Configuration;

/// <summary>Settings of drift monitoring, bound from the "Drift" configuration section.</summary>
public sealed class DriftOptions
{
    public const string Section = "Drift";

    public WindowOptions Window { get; set; } = new();

    public DetectionOptions Detection { get; set; } = new();

    public AlertOptions Alerts { get; set; } = new();

    public ReferenceOptions Reference { get; set; } = new();
}

public sealed class WindowOptions
{
    /// <summary>A window's tests use this many records at most...</summary>
    public int Size { get; set; } = 500;

    /// <summary>
    /// ...and it closes once it has seen that many and been open this long. Records beyond the size that arrive meanwhile
    /// replace held ones at random (a reservoir), so the window holds a uniform sample of its whole span and a window's
    /// cost stays the same at any traffic: at 6k records/s and 5 s, one window of 500 per 5 s instead of 12 a second.
    /// Zero: a window closes as soon as it is full.
    /// </summary>
    public TimeSpan MinDuration { get; set; }

    /// <summary>A window also closes when it has been open this long, full or not.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Closed windows whose raw values stay in memory per model version; older ones keep only their stored report.</summary>
    public int KeepClosed { get; set; } = 10;
}

public sealed class DetectionOptions
{
    /// <summary>Significance level of every test, after the multiple-testing correction.</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>"BenjaminiHochberg" (false discovery rate) or "Bonferroni" (family-wise error rate).</summary>
    public string Correction { get; set; } = "BenjaminiHochberg";

    /// <summary>Dataset drift when at least this share of the computed tests reject.</summary>
    public double DriftShareThreshold { get; set; } = 0.25;

    /// <summary>Dataset drift also when the chi-squared test on the predicted classes rejects on its own.</summary>
    public bool PredictedClassTestDecides { get; set; } = true;

    /// <summary>A test with fewer current (or reference) values than this reports "not enough data", never a p-value.</summary>
    public int MinimumSamples { get; set; } = 30;

    public int HistogramBins { get; set; } = 20;
}

public sealed class AlertOptions
{
    /// <summary>An alert is raised when this many closed windows in a row show dataset drift.</summary>
    public int ConsecutiveWindows { get; set; } = 3;
}

public sealed class ReferenceOptions
{
    /// <summary>Test-split images the model is run on to sample its outputs.</summary>
    public int MaxSamples { get; set; } = 5000;

    public int BatchSize { get; set; } = 256;
}
