namespace Mlops.Inference.Serving;

/// <summary>A model name (or version) this process does not serve.</summary>
public sealed class ModelNotFoundException(string message) : Exception(message);
