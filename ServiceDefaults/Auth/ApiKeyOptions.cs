namespace Mlops.ServiceDefaults.Auth;

/// <summary>
/// Bound from "Auth". With no <see cref="Keys"/> every call is allowed (local development, tests); with keys, every call
/// but the probes needs one whose scopes cover it. Keys come from configuration (Aspire parameters / secrets, Cloud Run
/// secrets as environment variables: Auth__Keys__0__Key=...), never from files in the repository, and are never logged.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Auth";

    public List<ApiKey> Keys { get; set; } = [];

    /// <summary>The key this service sends when it calls its peers (Auth:ClientKey).</summary>
    public string? ClientKey { get; set; }

    public bool Enabled => Keys.Any(key => !string.IsNullOrEmpty(key.Key));
}

/// <summary>One issued key: a name for logs and rate limits (the key itself is never logged), the secret, and its scopes.</summary>
public sealed class ApiKey
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>read, predict, write, admin (each includes the ones before it, except that read does not include predict).</summary>
    public List<string> Scopes { get; set; } = [];
}
