namespace Mlops.Ingestion.Importing;

/// <summary>Why an import was refused; the gRPC layer turns each into a status code.</summary>
public enum ImportFailure
{
    /// <summary>The request or the data is wrong: a bad name, corrupt file, label out of range, undecodable image.</summary>
    InvalidInput,

    /// <summary>A path lies outside the configured import roots.</summary>
    OutsideImportRoots,

    /// <summary>A path does not exist.</summary>
    NotFound,

    /// <summary>An upload is larger than the configured limit.</summary>
    TooLarge,
}
