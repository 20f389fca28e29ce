using Mlops.Inference.V1;

namespace Mlops.Frontend.Platform;

public sealed record ClassProbability(string ClassName, double Probability);

/// <summary>One prediction as the Predict page shows it: the class, every class's probability, and which model answered.</summary>
public sealed record PredictionView(
    string Source, string ClassName, double Probability, IReadOnlyList<ClassProbability> Classes, string ModelName, int ModelVersion, bool Cached)
{
    public string ModelReference => $"{ModelName}/{ModelVersion}";

    /// <param name="classNames">The served model's class names; the probabilities are in the same order.</param>
    public static PredictionView From(string source, Prediction prediction, IReadOnlyList<string> classNames)
    {
        var classes = prediction.Probabilities
            .Select((probability, index) => new ClassProbability(index < classNames.Count ? classNames[index] : $"class {index}", probability))
            .ToList();
        var probability = prediction.Label >= 0 && prediction.Label < classes.Count ? classes[prediction.Label].Probability : 0;
        var className = string.IsNullOrEmpty(prediction.ClassName) ? $"class {prediction.Label}" : prediction.ClassName;
        return new PredictionView(source, className, probability, classes, prediction.ModelName, prediction.ModelVersion, prediction.Cached);
    }
}

/// <summary>One file of a batch: its prediction, or why it got none.</summary>
public sealed record BatchRow(string FileName, PredictionView? Prediction, string? Problem);
