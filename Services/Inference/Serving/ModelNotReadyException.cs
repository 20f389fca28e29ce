namespace Mlops.Inference.Serving;

/// <summary>A configured model whose first version has not been loaded yet; the caller may retry.</summary>
public sealed class ModelNotReadyException(string message) : Exception(message);
