namespace Mlops.Drift.Model;

/// <summary>One registered model version: windows, references and alerts are kept per key.</summary>
public readonly record struct ModelKey(string Name, int Version)
{
    public override string ToString() => $"{Name}/{Version}";
}
