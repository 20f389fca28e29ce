namespace Mlops.Modeling;

/// <summary>
/// Accuracy figures on one labelled set. ConfusionMatrix[actual][predicted] counts images;
/// PerClassAccuracy is NaN for a class with no images.
/// </summary>
public sealed record EvaluationReport(
    int Count,
    double Loss,
    double Accuracy,
    IReadOnlyList<double> PerClassAccuracy,
    int[][] ConfusionMatrix);
