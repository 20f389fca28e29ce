namespace Mlops.Frontend.Platform;

/// <summary>The five services the frontend is a client of, by their AppHost resource names.</summary>
public static class PlatformServices
{
    public const string Ingestion = "ingestion";
    public const string Training = "training";
    public const string Registry = "registry";
    public const string Inference = "inference";
    public const string Drift = "drift";

    public static readonly IReadOnlyList<string> All = [Ingestion, Training, Registry, Inference, Drift];
}
