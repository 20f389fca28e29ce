namespace Mlops.Training.Jobs;

/// <summary>The model version a fine-tune starts from does not exist or has no weights to load.</summary>
public sealed class ModelVersionNotFoundException(string message) : Exception(message);
