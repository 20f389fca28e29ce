namespace Mlops.Ingestion.Remote;

public enum RemoteFailure
{
    NotConfigured,
    InvalidArgument,
    NotFound,
    Corrupted,
}

/// <summary>A push or pull that cannot be done; the message says what to do instead.</summary>
public sealed class DatasetRemoteException(RemoteFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public RemoteFailure Failure { get; } = failure;
}
