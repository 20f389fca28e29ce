using Mlops.Statistics;

namespace Mlops.Drift.Detection;

/// <summary>The multiple-testing corrections by the names configuration and reports use.</summary>
public static class CorrectionNames
{
    public static CorrectionMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "benjaminihochberg" or "benjamini-hochberg" or "bh" or "fdr" => CorrectionMethod.BenjaminiHochberg,
        "bonferroni" => CorrectionMethod.Bonferroni,
        _ => throw new ArgumentException($"Unknown multiple-testing correction '{name}': use BenjaminiHochberg or Bonferroni.", nameof(name)),
    };

    public static string Display(CorrectionMethod method) => method switch
    {
        CorrectionMethod.BenjaminiHochberg => "Benjamini-Hochberg",
        _ => "Bonferroni",
    };
}
