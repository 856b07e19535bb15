using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace GamAuthentication.StackExchangeRedis.Sessions;

/// <summary>
/// Puts the server-side session store into every cookie scheme an <c>AddGam()</c> scheme signs in with (its
/// <see cref="Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions.SignInScheme"/>, else the default sign-in
/// scheme), unless that cookie scheme already has a store of its own.
/// </summary>
internal sealed class GamSessionStoreSetup(IOptions<AuthenticationOptions> authentication, IOptionsMonitor<GamOptions> gam, GamRedisTicketStore store)
    : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.SessionStore is null && name is not null && SignInSchemes().Contains(name, StringComparer.Ordinal))
        {
            options.SessionStore = store;
        }
    }

    private IEnumerable<string> SignInSchemes()
    {
        var auth = authentication.Value;
        foreach (var scheme in auth.Schemes)
        {
            if (scheme.HandlerType is { } type && typeof(GamHandler).IsAssignableFrom(type) &&
                (gam.Get(scheme.Name).SignInScheme ?? auth.DefaultSignInScheme ?? auth.DefaultScheme) is { } signIn)
            {
                yield return signIn;
            }
        }
    }
}
