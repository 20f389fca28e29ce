using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mlops.ServiceDefaults.Auth;

public static class AuthExtensions
{
    /// <summary>Reads "Auth" and "RateLimit"; both are off unless configured, so a plain `dotnet run` needs no key.</summary>
    public static TBuilder AddApiKeys<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var keys = builder.Configuration.GetSection(ApiKeyOptions.Section).Get<ApiKeyOptions>() ?? new ApiKeyOptions();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(new ApiKeyCheck(keys));
        builder.Services.AddSingleton(new ClientRateLimiter(limits));
        return builder;
    }

    public static WebApplication UseApiKeys(this WebApplication app)
    {
        app.UseMiddleware<ApiKeyMiddleware>();
        return app;
    }

    /// <summary>The key a service sends to its peers, when Auth:ClientKey is set.</summary>
    public static string? ClientKey(IConfiguration configuration) =>
        configuration[$"{ApiKeyOptions.Section}:{nameof(ApiKeyOptions.ClientKey)}"] is { Length: > 0 } key ? key : null;
}

/// <summary>Adds the configured key to every call a peer client makes that carries none.</summary>
public sealed class ApiKeyHeaderHandler(string key) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // A call that already carries a key (a person's, sent on their behalf by the frontend) keeps it.
        if (!request.Headers.Contains(ApiKeyMiddleware.HeaderName))
        {
            request.Headers.TryAddWithoutValidation(ApiKeyMiddleware.HeaderName, key);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
