namespace Mlops.Scoring;

/// <summary>The names a classifier graph uses by convention (the training exporter writes them).</summary>
public static class ScoringNames
{
    public const string Probabilities = "probabilities";
    public const string ClassNamesKey = "class_names";
}
