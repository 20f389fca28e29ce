namespace Mlops.Drift.Model;

/// <summary>What a robustness check runs: the model (name/version or name@alias), perturbations and strengths (empty for the defaults).</summary>
public sealed record RobustnessRequest
{
    public string Model { get; init; } = "";

    public IReadOnlyList<string> Perturbations { get; init; } = [];

    public IReadOnlyList<double> Strengths { get; init; } = [];

    /// <summary>0 for the default.</summary>
    public int MaxSamples { get; init; }

    public int Seed { get; init; }
}

/// <summary>A model's accuracy on its test split unperturbed and under each perturbation, and whether the drift tests noticed.</summary>
public sealed record RobustnessResult(ModelKey Model, double BaselineAccuracy, long Samples, IReadOnlyList<PerturbationOutcome> Results);

public sealed record PerturbationOutcome(string Perturbation, double Strength, double Accuracy, bool DriftDetected, double DriftedShare);
