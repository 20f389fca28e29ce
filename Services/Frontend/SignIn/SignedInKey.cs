using Microsoft.AspNetCore.Components.Authorization;

namespace Mlops.Frontend.SignIn;

/// <summary>The key of the person this page (or request) serves, if one signed in.</summary>
public sealed class SignedInKey(AuthenticationStateProvider authentication, IHttpContextAccessor http)
{
    public string? Current()
    {
        System.Security.Claims.ClaimsPrincipal? person = null;
        try
        {
            // Set for every render, prerendered or in a circuit, from the request that started it.
            var state = authentication.GetAuthenticationStateAsync();
            if (state.IsCompletedSuccessfully)
            {
                person = state.Result.User;
            }
        }
        catch (InvalidOperationException)
        {
            // Not a component render (the dataset export endpoint): the request itself carries the person.
        }

        person ??= http.HttpContext?.User;
        return person?.FindFirst(FrontendSignIn.KeyClaim)?.Value;
    }
}
