using GamAuthentication.Protocol;
using Microsoft.Extensions.Options;

namespace GamAuthentication;

/// <summary>
/// The one validation of <see cref="GamOptions"/>, with messages that name each bad setting and its configuration key.
/// The framework runs it when it builds a scheme's options (<see cref="GamOptions.Validate(string)"/>), and at start-up
/// for every scheme at once.
/// </summary>
internal static class GamOptionsValidator
{
    /// <summary>Throws <see cref="OptionsValidationException"/> naming every problem of the options.</summary>
    public static void ThrowIfInvalid(GamOptions options, string? scheme)
    {
        var failures = Check(options, scheme);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(scheme ?? Options.DefaultName, typeof(GamOptions), failures);
        }
    }

    internal static List<string> Check(GamOptions options, string? scheme)
    {
        var prefix = GamDefaults.ConfigurationSectionPrefix + (scheme ?? "{scheme}") + ":";
        var failures = new List<string>(options.ConfigurationProblems);

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"GAM: ClientId ({prefix}ClientId) is required: the Client ID of the GAM application.");
        }

        if (string.IsNullOrEmpty(options.ClientSecret) && !options.UsePkce)
        {
            failures.Add($"GAM: ClientSecret ({prefix}ClientSecret) is required unless UsePkce is true (a public client).");
        }

        if (options.EndpointProfile == GamEndpointProfile.OpenIdConnect)
        {
            Discovery.GamDiscovery.Check(failures, prefix, options.Authority, options.MetadataAddress, options.RequireHttpsEndpoints, options.OpenIdConnectProvider is not null, providerNeeded: true,
                ("AuthorizationEndpoint", options.AuthorizationEndpoint),
                ("TokenEndpoint", options.TokenEndpoint),
                ("UserInformationEndpoint", options.UserInformationEndpoint),
                ("EndSessionEndpoint", options.EndSessionEndpoint));
        }
        else
        {
            CheckEndpoints(failures, prefix, options.Authority, options.RequireHttpsEndpoints,
                ("AuthorizationEndpoint", options.AuthorizationEndpoint),
                ("TokenEndpoint", options.TokenEndpoint),
                ("UserInformationEndpoint", options.UserInformationEndpoint));

            // An end-session endpoint derived from a bad Authority is already covered by the Authority's message.
            var authorityOk = string.IsNullOrEmpty(options.Authority) || GamEndpoints.IsAcceptableUrl(options.Authority, options.RequireHttpsEndpoints, out _);
            if (authorityOk && !string.IsNullOrEmpty(options.EndSessionEndpoint) &&
                !GamEndpoints.IsAcceptableUrl(options.EndSessionEndpoint, options.RequireHttpsEndpoints, out var endSessionError))
            {
                failures.Add($"GAM: EndSessionEndpoint ({prefix}EndSessionEndpoint) {endSessionError}.");
            }
        }

        // The framework's own check, repeated here because GamOptions.Validate(scheme) replaces it.
        if (scheme is not null && string.Equals(options.SignInScheme, scheme, StringComparison.Ordinal))
        {
            failures.Add($"GAM: SignInScheme ({prefix}SignInScheme) cannot be the GAM scheme '{scheme}' itself; use the cookie scheme the user is signed in to.");
        }

        if (!options.CallbackPath.HasValue)
        {
            failures.Add($"GAM: CallbackPath ({prefix}CallbackPath) is required and must start with '/'.");
        }

        if (options.SignedOutCallbackPath.HasValue && options.SignedOutCallbackPath == options.CallbackPath)
        {
            failures.Add($"GAM: SignedOutCallbackPath ({prefix}SignedOutCallbackPath) must differ from CallbackPath.");
        }

        if (string.IsNullOrWhiteSpace(options.SignedOutRedirectUri))
        {
            failures.Add($"GAM: SignedOutRedirectUri ({prefix}SignedOutRedirectUri) is required: the page shown after sign-out, e.g. /.");
        }

        if (options.MaxResponseBytes <= 0)
        {
            failures.Add($"GAM: MaxResponseBytes ({prefix}MaxResponseBytes) must be greater than zero.");
        }

        if (options.BackchannelTimeout <= TimeSpan.Zero)
        {
            failures.Add($"GAM: BackchannelTimeout ({prefix}BackchannelTimeout) must be greater than zero.");
        }

        if (options.BackchannelHttpHandler is { } handler && GamBackchannel.FollowsRedirects(handler))
        {
            failures.Add(GamBackchannel.FollowsRedirectsMessage(prefix));
        }

        if (!Enum.IsDefined(options.EndpointProfile))
        {
            failures.Add($"GAM: EndpointProfile ({prefix}EndpointProfile) must be WebIdp, RestIdp, GlobantEnterpriseAI or OpenIdConnect.");
        }

        return failures;
    }

    /// <summary>
    /// Checks <paramref name="authority"/> and the endpoints derived from it (or set explicitly).
    /// Shared with the bearer handler's validator.
    /// </summary>
    internal static void CheckEndpoints(List<string> failures, string prefix, string? authority, bool requireHttps, params (string Name, string? Value)[] endpoints)
    {
        if (!string.IsNullOrEmpty(authority) && !GamEndpoints.IsAcceptableUrl(authority, requireHttps, out var authorityError))
        {
            failures.Add($"GAM: Authority ({prefix}Authority) {authorityError}; it is the GAM base URL including its virtual directory, e.g. https://idp.example.com/MyApp.");
            return;
        }

        foreach (var (name, value) in endpoints)
        {
            if (string.IsNullOrEmpty(value))
            {
                failures.Add(string.IsNullOrEmpty(authority)
                    ? $"GAM: Authority ({prefix}Authority) is required: the GAM base URL including its virtual directory, e.g. https://idp.example.com/MyApp (or set {name} explicitly)."
                    : $"GAM: {name} ({prefix}{name}) is required.");
                if (string.IsNullOrEmpty(authority))
                {
                    return;
                }

                continue;
            }

            if (!GamEndpoints.IsAcceptableUrl(value, requireHttps, out var error))
            {
                failures.Add($"GAM: {name} ({prefix}{name}) {error}.");
            }
        }
    }
}
