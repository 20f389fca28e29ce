using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Mlops.ServiceDefaults.Auth;

namespace Mlops.Frontend.SignIn;

/// <summary>
/// People sign in to the frontend with an API key issued to them (the frontend's own <c>Auth:Keys</c>, the same list the
/// services hold). The key is kept in an encrypted, HTTP-only cookie and sent on every call the pages make, so each
/// service checks that person's scope and names them in its logs and rate limits. With no keys configured (local
/// development, `dotnet run`) nobody is asked to sign in.
/// </summary>
public static class FrontendSignIn
{
    public const string Policy = "signed-in";
    public const string Path = "/signin";
    public const string KeyClaim = "mlops:key";
    public const string ScopeClaim = "mlops:scope";

    public static IHostApplicationBuilder AddFrontendSignIn(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiKeyOptions.Section).Get<ApiKeyOptions>() ?? new ApiKeyOptions();
        var keys = new ApiKeyCheck(options);
        builder.Services.AddSingleton(keys);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<SignedInKey>();
        builder.Services.AddScoped<SignedInKeyInterceptor>();
        if (keys.Enabled)
        {
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
            {
                cookie.LoginPath = Path;
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.Cookie.Name = "mlops-signin";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
                // A key revoked since sign-in (its entry removed and the frontend rolled) ends the session at the next page.
                cookie.Events.OnValidatePrincipal = context =>
                {
                    if (context.Principal?.FindFirst(KeyClaim)?.Value is not { Length: > 0 } key || keys.Find(key) is null)
                    {
                        context.RejectPrincipal();
                    }

                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorization(authorization => authorization.AddPolicy(Policy, policy =>
        {
            if (keys.Enabled)
            {
                policy.RequireAuthenticatedUser();
            }
            else
            {
                policy.RequireAssertion(_ => true);
            }
        }));
        return builder;
    }

    public static WebApplication UseFrontendSignIn(this WebApplication app)
    {
        if (app.Services.GetRequiredService<ApiKeyCheck>().Enabled)
        {
            app.UseAuthentication();
        }

        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapFrontendSignIn(this WebApplication app)
    {
        app.MapPost(Path, async ([FromForm] string? key, [FromForm] string? returnUrl, ApiKeyCheck keys, HttpContext http) =>
        {
            var target = LocalOrHome(returnUrl);
            if (!keys.Enabled || string.IsNullOrEmpty(key) || keys.Find(key) is not { } holder)
            {
                return Results.Redirect($"{Path}?failed=true&returnUrl={Uri.EscapeDataString(target)}");
            }

            var person = new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, holder.Name), new Claim(KeyClaim, key), new Claim(ScopeClaim, holder.Scope.ToString().ToLowerInvariant())],
                CookieAuthenticationDefaults.AuthenticationScheme);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(person));
            return Results.LocalRedirect(target);
        });
        app.MapPost("/signout", async (HttpContext http, ApiKeyCheck keys) =>
        {
            if (keys.Enabled)
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            }

            return Results.LocalRedirect(keys.Enabled ? Path : "/");
        });
        return app;
    }

    /// <summary>Only an address on this site: a sign-in link must not send a person elsewhere after they signed in.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";
}
