namespace Mlops.Drift.References;

/// <summary>How model outputs are named in reports, beside the image statistics.</summary>
public static class OutputNames
{
    public const string PredictedClass = "predicted_class";

    public static string Softmax(string className) => $"softmax[{className}]";
}
