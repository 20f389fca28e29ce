namespace Mlops.Scoring;

/// <summary>An ONNX file that ONNX Runtime cannot load, or whose graph is not an image classifier this platform can serve.</summary>
public sealed class InvalidModelException(string message, Exception? inner = null) : Exception(message, inner);
