using System.Security.Cryptography;
using System.Text;

namespace Mlops.Webhooks;

/// <summary>The X-Mlops-Signature header: <c>sha256=</c> and the hex HMAC-SHA256 of the exact body bytes, keyed with the shared secret.</summary>
public static class WebhookSignature
{
    public const string Header = "X-Mlops-Signature";
    public const string Prefix = "sha256=";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Checks a received signature in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature) =>
        signature is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(signature));
}
