namespace Mlops.Inference.Preprocessing;

/// <summary>A request whose tensor or image does not fit the model: wrong shape, datatype, length or values.</summary>
public sealed class InvalidInputException(string message) : Exception(message);
