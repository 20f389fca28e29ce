namespace Mlops.Drift.Model;

public enum DriftErrorKind
{
    InvalidArgument,
    NotFound,
    FailedPrecondition,
    Unavailable,
}

/// <summary>A failure with a message a person can act on; the gRPC layer maps the kind to a status code.</summary>
public sealed class DriftException(DriftErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    public DriftErrorKind Kind { get; } = kind;

    public static DriftException InvalidArgument(string message) => new(DriftErrorKind.InvalidArgument, message);

    public static DriftException NotFound(string message) => new(DriftErrorKind.NotFound, message);

    public static DriftException FailedPrecondition(string message) => new(DriftErrorKind.FailedPrecondition, message);
}
