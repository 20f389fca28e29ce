using System.Security.Cryptography;
using System.Text;

namespace Mlops.ServiceDefaults.Auth;

/// <summary>The outcome of checking a call's key against the issued keys.</summary>
public enum KeyVerdict
{
    Allowed,
    Missing,
    Unknown,
    OutOfScope,
}

/// <summary>Compares presented keys with the issued ones in constant time (by their SHA-256), and checks scopes.</summary>
public sealed class ApiKeyCheck
{
    private readonly List<(byte[] Hash, string Name, ApiScope Scope)> keys;

    public ApiKeyCheck(ApiKeyOptions options)
    {
        keys = options.Keys
            .Where(key => !string.IsNullOrEmpty(key.Key))
            .Select(key => (Hash(key.Key), string.IsNullOrEmpty(key.Name) ? "unnamed" : key.Name, Highest(key)))
            .ToList();
    }

    public bool Enabled => keys.Count > 0;

    public (KeyVerdict Verdict, string? Name) Check(string? presented, ApiScope needed)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return (KeyVerdict.Missing, null);
        }

        return Find(presented) is { } holder
            ? (Grants(holder.Scope, needed) ? KeyVerdict.Allowed : KeyVerdict.OutOfScope, holder.Name)
            : (KeyVerdict.Unknown, null);
    }

    /// <summary>The name and highest scope of an issued key, or null for a key nobody was issued.</summary>
    public (string Name, ApiScope Scope)? Find(string presented)
    {
        var hash = Hash(presented);
        foreach (var (keyHash, name, scope) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, keyHash))
            {
                return (name, scope);
            }
        }

        return null;
    }

    /// <summary>Admin grants all; write grants predict and read; predict grants read; read grants read only.</summary>
    public static bool Grants(ApiScope held, ApiScope needed) => held >= needed;

    private static ApiScope Highest(ApiKey key) =>
        key.Scopes.Select(text => RequiredScope.TryParse(text, out var scope)
                ? scope
                : throw new InvalidOperationException($"Auth key '{key.Name}' has an unknown scope '{text}': use read, predict, write or admin."))
            .DefaultIfEmpty(ApiScope.Read)
            .Max();

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
