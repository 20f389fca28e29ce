using System.Security.Cryptography;

namespace Mlops.Storage;

public static class Sha256Hex
{
    public static string Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static string Of(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    public static bool IsValid(string? value) =>
        value is { Length: 64 } && value.All(char.IsAsciiHexDigitLower);
}
