namespace Mlops.Storage;

/// <summary>Stored or received bytes do not hash to the sha256 they are known by.</summary>
public sealed class ContentHashMismatchException(string expected, string actual)
    : Exception($"Content hash mismatch: expected sha256 {expected}, got {actual}")
{
    public string Expected { get; } = expected;
    public string Actual { get; } = actual;
}
