namespace Mlops.Registry;

/// <summary>What kind of refusal a <see cref="RegistryException"/> is; the gRPC layer maps each to a status code.</summary>
public enum RegistryErrorKind
{
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    DataLoss,
    Unavailable,
    ResourceExhausted,
}

/// <summary>A request the registry refuses, with a message that tells the caller what to do about it.</summary>
public sealed class RegistryException(RegistryErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public RegistryErrorKind Kind { get; } = kind;

    public static RegistryException InvalidArgument(string message) => new(RegistryErrorKind.InvalidArgument, message);

    public static RegistryException NotFound(string message) => new(RegistryErrorKind.NotFound, message);

    public static RegistryException FailedPrecondition(string message) => new(RegistryErrorKind.FailedPrecondition, message);

    public static RegistryException DataLoss(string message, Exception? inner = null) => new(RegistryErrorKind.DataLoss, message, inner);
}
