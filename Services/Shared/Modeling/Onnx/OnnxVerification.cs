namespace Mlops.Modeling.Onnx;

/// <summary>How closely ONNX Runtime reproduced TorchSharp on the same images.</summary>
public sealed record OnnxVerification(
    int Images,
    double MaxAbsLogitDifference,
    double MaxAbsProbabilityDifference,
    int PredictionAgreements,
    double Tolerance)
{
    public double MaxAbsDifference => Math.Max(MaxAbsLogitDifference, MaxAbsProbabilityDifference);

    public bool Passed => MaxAbsDifference <= Tolerance && PredictionAgreements == Images;
}
