namespace Mlops.Drift.Model;

/// <summary>Counts in equal-width bins over [Min, Max].</summary>
public sealed record Histogram(double Min, double Max, long[] Counts);
