using System.Threading.RateLimiting;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mlops.ServiceDefaults.Auth;

/// <summary>
/// Every call but the probes passes here, gRPC and HTTP alike: with keys configured it needs a key (header x-api-key or
/// Authorization: Bearer) whose scope covers the call (UNAUTHENTICATED / 401 without a valid key, PERMISSION_DENIED / 403
/// out of scope); with a rate limit configured each client (its key's name, else its address) gets a token bucket
/// (RESOURCE_EXHAUSTED / 429 with Retry-After when it is empty).
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyCheck keys, ClientRateLimiter limiter, ILogger<ApiKeyMiddleware> logger)
{
    public const string HeaderName = "x-api-key";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if ((!keys.Enabled && !limiter.Enabled) || RequiredScope.IsOpen(path))
        {
            await next(context);
            return;
        }

        var isGrpc = CallRejection.IsGrpc(context);
        string? client = null;
        if (keys.Enabled)
        {
            var needed = RequiredScope.For(context.Request.Method, path, isGrpc);
            var (verdict, name) = keys.Check(PresentedKey(context.Request), needed);
            switch (verdict)
            {
                case KeyVerdict.Missing or KeyVerdict.Unknown:
                    logger.LogInformation("Refused {Path}: {Verdict} API key", path, verdict);
                    await CallRejection.WriteAsync(context, StatusCode.Unauthenticated, StatusCodes.Status401Unauthorized,
                        verdict == KeyVerdict.Missing
                            ? $"This service needs an API key: send it in the '{HeaderName}' header (mlops --api-key, MLOPS_API_KEY)."
                            : "The API key is not one this service knows (revoked or mistyped).");
                    return;
                case KeyVerdict.OutOfScope:
                    logger.LogInformation("Refused {Path} to key {Key}: needs scope {Scope}", path, name, needed);
                    await CallRejection.WriteAsync(context, StatusCode.PermissionDenied, StatusCodes.Status403Forbidden,
                        $"Key '{name}' lacks the '{needed.ToString().ToLowerInvariant()}' scope this call needs.");
                    return;
            }

            client = name;
        }

        if (limiter.Enabled)
        {
            client ??= context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            using var lease = limiter.Acquire(client);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                await CallRejection.WriteAsync(context, StatusCode.ResourceExhausted, StatusCodes.Status429TooManyRequests,
                    $"Rate limit of {limiter.PermitsPerSecond} calls a second for '{client}' reached; retry after {RetryAfter.Seconds(retryAfter)} s.",
                    retryAfter);
                return;
            }
        }

        await next(context);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var key) && !string.IsNullOrEmpty(key))
        {
            return key.ToString();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }
}
