using Microsoft.AspNetCore.Authentication;

namespace GamAuthentication.Configuration;

/// <summary>The keys every authentication scheme's section may hold: the framework's own scheme and remote-sign-in settings.</summary>
internal static class GamSchemeKeys
{
    /// <summary>Settings of <see cref="AuthenticationSchemeOptions"/>.</summary>
    public static readonly GamBindingMap<AuthenticationSchemeOptions> Scheme = new GamBindingMap<AuthenticationSchemeOptions>()
        .Add(nameof(AuthenticationSchemeOptions.ClaimsIssuer), (r, o) => r.String(nameof(o.ClaimsIssuer), v => o.ClaimsIssuer = v))
        .Add(nameof(AuthenticationSchemeOptions.ForwardDefault), (r, o) => r.String(nameof(o.ForwardDefault), v => o.ForwardDefault = v))
        .Add(nameof(AuthenticationSchemeOptions.ForwardAuthenticate), (r, o) => r.String(nameof(o.ForwardAuthenticate), v => o.ForwardAuthenticate = v))
        .Add(nameof(AuthenticationSchemeOptions.ForwardChallenge), (r, o) => r.String(nameof(o.ForwardChallenge), v => o.ForwardChallenge = v))
        .Add(nameof(AuthenticationSchemeOptions.ForwardForbid), (r, o) => r.String(nameof(o.ForwardForbid), v => o.ForwardForbid = v))
        .Add(nameof(AuthenticationSchemeOptions.ForwardSignIn), (r, o) => r.String(nameof(o.ForwardSignIn), v => o.ForwardSignIn = v))
        .Add(nameof(AuthenticationSchemeOptions.ForwardSignOut), (r, o) => r.String(nameof(o.ForwardSignOut), v => o.ForwardSignOut = v));

    /// <summary>Settings of <see cref="RemoteAuthenticationOptions"/> (sign-in handlers), with those of every scheme.</summary>
    public static readonly GamBindingMap<RemoteAuthenticationOptions> Remote = new GamBindingMap<RemoteAuthenticationOptions>()
        .Include(Scheme)
        .Add(nameof(RemoteAuthenticationOptions.SignInScheme), (r, o) => r.String(nameof(o.SignInScheme), v => o.SignInScheme = v))
        .Add(nameof(RemoteAuthenticationOptions.CallbackPath), (r, o) => r.Path(nameof(o.CallbackPath), v => o.CallbackPath = v))
        .Add(nameof(RemoteAuthenticationOptions.AccessDeniedPath), (r, o) => r.Path(nameof(o.AccessDeniedPath), v => o.AccessDeniedPath = v))
        .Add(nameof(RemoteAuthenticationOptions.ReturnUrlParameter), (r, o) => r.String(nameof(o.ReturnUrlParameter), v => o.ReturnUrlParameter = v))
        .Add(nameof(RemoteAuthenticationOptions.RemoteAuthenticationTimeout), (r, o) => r.TimeSpan(nameof(o.RemoteAuthenticationTimeout), v => o.RemoteAuthenticationTimeout = v))
        .Add(nameof(RemoteAuthenticationOptions.BackchannelTimeout), (r, o) => r.TimeSpan(nameof(o.BackchannelTimeout), v => o.BackchannelTimeout = v))
        .Add(nameof(RemoteAuthenticationOptions.SaveTokens), (r, o) => r.Boolean(nameof(o.SaveTokens), v => o.SaveTokens = v));
}
