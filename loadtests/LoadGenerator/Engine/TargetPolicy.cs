using System.Net;

namespace Mlops.LoadGenerator.Engine;

/// <summary>
/// Load is aimed at loopback unless the caller says otherwise, so a typo in an address cannot
/// turn a load test into an attack on someone else's server.
/// </summary>
public static class TargetPolicy
{
    public static bool IsLoopback(Uri target)
    {
        var host = target.IdnHost.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    public static void EnsureAllowed(Uri target, bool allowNonLoopback)
    {
        if (!target.IsAbsoluteUri)
        {
            throw new TargetNotAllowedException($"Target '{target}' is not an absolute address such as http://127.0.0.1:5000.");
        }

        if (!allowNonLoopback && !IsLoopback(target))
        {
            throw new TargetNotAllowedException(
                $"Target '{target}' is not a loopback address; pass --allow-remote (RunOptions.AllowNonLoopback) to load it on purpose.");
        }
    }
}

public sealed class TargetNotAllowedException(string message) : Exception(message);
