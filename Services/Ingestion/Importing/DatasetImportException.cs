namespace Mlops.Ingestion.Importing;

/// <summary>An import refused with a message a person can act on; nothing of it was stored.</summary>
public sealed class DatasetImportException(ImportFailure failure, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public ImportFailure Failure { get; } = failure;

    public static DatasetImportException Invalid(string message, Exception? inner = null) =>
        new(ImportFailure.InvalidInput, message, inner);
}
