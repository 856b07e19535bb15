using System.Security.Cryptography;
using System.Text.Json;
using GamAuthentication.Discovery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace GamAuthentication;

/// <summary>
/// The <see cref="GamEndpointProfile.OpenIdConnect"/> profile: endpoints from the provider's discovery document (the
/// ones set explicitly win), a nonce on the challenge, and the id_token of the token response validated and tied to
/// the userinfo answer (OpenID Connect Core §3.1.3.7, §5.3.2). With GAM's own profiles none of this applies.
/// </summary>
public partial class GamHandler
{
    /// <summary>The nonce of a sign-in, kept in its protected state until the callback.</summary>
    private const string NonceKey = ".gam.nonce";

    private GamProviderRequest? _provider;
    private GamProviderConfiguration? _discovered;

    private bool IsOpenIdConnect => Options.EndpointProfile == GamEndpointProfile.OpenIdConnect;

    /// <summary>How messages name the identity provider.</summary>
    private string ProviderName => IsOpenIdConnect ? "OpenID Connect" : "GAM";

    /// <summary>
    /// Before the framework's challenge: with the OpenID Connect profile, find the authorization endpoint and add a
    /// nonce. When the provider cannot be read the browser gets a 503, not a redirect to nowhere.
    /// </summary>
    /// <param name="properties">The challenge's properties.</param>
    /// <returns>A task.</returns>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (IsOpenIdConnect)
        {
            try
            {
                // The framework builds the redirect from Options.AuthorizationEndpoint: a discovered one is written there.
                var endpoint = await EndpointAsync(Options.AuthorizationEndpointIsDiscovered ? null : Options.AuthorizationEndpoint, c => c.AuthorizationEndpoint, "authorization endpoint").ConfigureAwait(false);
                Options.AuthorizationEndpoint = endpoint.ToString();
            }
            catch (GamAuthenticationException ex)
            {
                LogProviderUnavailable(Logger, Scheme.Name, ex.Message);
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                Response.Headers.RetryAfter = "5";
                Response.Headers.CacheControl = "no-store";
                Response.ContentType = "text/plain; charset=utf-8";
                await Response.WriteAsync("Sign-in is unavailable: the identity provider's configuration could not be read. Try again in a moment.").ConfigureAwait(false);
                return;
            }

            properties.Items[NonceKey] = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        }

        await base.HandleChallengeAsync(properties).ConfigureAwait(false);
    }

    /// <summary>The endpoint to call: the configured one, or (OpenID Connect profile) the discovered one.</summary>
    /// <exception cref="GamAuthenticationException">The provider's configuration cannot be read or names no such endpoint.</exception>
    private async Task<Uri> EndpointAsync(string? configured, Func<GamProviderConfiguration, string?> discovered, string name)
    {
        if (!IsOpenIdConnect)
        {
            return new Uri(configured!);
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new Uri(configured);
        }

        var configuration = await DiscoverAsync().ConfigureAwait(false);
        return GamDiscovery.Endpoint(null, discovered(configuration), name, _provider!);
    }

    /// <summary>The provider's configuration, read once per request.</summary>
    private async Task<GamProviderConfiguration> DiscoverAsync()
    {
        if (_discovered is not null)
        {
            return _discovered;
        }

        _provider ??= GamDiscovery.Request(Scheme.Name, Options.MetadataAddress, Options.Authority, Options.RequireHttpsEndpoints, Backchannel, TimeProvider, Options.MaxResponseBytes)
            ?? throw new GamAuthenticationException("no OpenID Connect metadata address is configured");
        return _discovered = await GamDiscovery.GetAsync(Options.OpenIdConnectProvider!, _provider, Context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// With the OpenID Connect profile and an id_token in the token response: validates it (signature, issuer,
    /// audience, lifetime, the sign-in's nonce, <c>at_hash</c>) and returns its subject; null when there is nothing to
    /// validate (no id_token means userinfo alone, as with GAM).
    /// </summary>
    /// <exception cref="GamAuthenticationException">The id_token is not valid: the sign-in fails.</exception>
    private async Task<string?> ValidateIdTokenAsync(AuthenticationProperties properties, JsonElement? response, string? accessToken)
    {
        properties.Items.Remove(NonceKey, out var nonce);
        if (!IsOpenIdConnect)
        {
            return null;
        }

        if (response is not { ValueKind: JsonValueKind.Object } root ||
            !root.TryGetProperty(GamTokenNames.IdToken, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } idToken)
        {
            return Options.RequireIdToken
                ? throw new GamAuthenticationException("The OpenID Connect token response has no id_token, and RequireIdToken is set.")
                : null;
        }

        await DiscoverAsync().ConfigureAwait(false);
        var validation = await GamDiscovery.ValidateAsync(Options.OpenIdConnectProvider!, _provider!, new GamIdTokenRequest(idToken, Options.ClientId, nonce, accessToken), Context.RequestAborted).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            LogIdTokenInvalid(Logger, Scheme.Name, validation.Failure!);
            throw new GamAuthenticationException($"The OpenID Connect id_token is not valid: {validation.Failure}.");
        }

        return validation.Subject;
    }

    /// <summary>OpenID Connect Core §5.3.2: the userinfo answer is the id_token's user only when its <c>sub</c> is the same.</summary>
    private void CheckSubject(string? idTokenSubject, JsonElement userInfo)
    {
        if (idTokenSubject is null)
        {
            return;
        }

        var sub = userInfo.TryGetProperty("sub", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (!string.Equals(sub, idTokenSubject, StringComparison.Ordinal))
        {
            LogSubjectMismatch(Logger, Scheme.Name);
            throw new GamAuthenticationException(sub is null
                ? "The OpenID Connect userinfo answer has no sub, so it cannot be the id_token's user (OpenID Connect Core 5.3.2)."
                : "The OpenID Connect userinfo answer is about another user than the id_token: their sub differ (OpenID Connect Core 5.3.2).");
        }
    }

    /// <summary>
    /// Where the browser goes to end the provider's session: GAM's sign-out with the access token (GAM's protocol), or an
    /// OpenID Connect end-session endpoint with the id_token as its hint (never the access token). Null: sign out locally only.
    /// </summary>
    private async Task<string?> EndSessionUrlAsync(string? accessToken, string? idToken, string protectedState)
    {
        if (!IsOpenIdConnect)
        {
            return string.IsNullOrEmpty(accessToken) || string.IsNullOrEmpty(Options.EndSessionEndpoint)
                ? null
                : QueryHelpers.AddQueryString(Options.EndSessionEndpoint, new Dictionary<string, string?>
                {
                    ["client_id"] = Options.ClientId,
                    ["redirect_uri"] = BuildRedirectUri(Options.SignedOutCallbackPath),
                    ["token"] = accessToken,
                    ["state"] = protectedState,
                });
        }

        if (string.IsNullOrEmpty(idToken) && string.IsNullOrEmpty(accessToken))
        {
            return null;
        }

        string endpoint;
        try
        {
            var configured = Options.EndSessionEndpoint;
            if (string.IsNullOrWhiteSpace(configured) && (await DiscoverAsync().ConfigureAwait(false)).EndSessionEndpoint is null)
            {
                return null;
            }

            endpoint = (await EndpointAsync(configured, c => c.EndSessionEndpoint, "end-session endpoint").ConfigureAwait(false)).ToString();
        }
        catch (GamAuthenticationException ex)
        {
            LogProviderUnavailable(Logger, Scheme.Name, ex.Message);
            return null;
        }

        var parameters = new Dictionary<string, string?>
        {
            ["client_id"] = Options.ClientId,
            ["post_logout_redirect_uri"] = BuildRedirectUri(Options.SignedOutCallbackPath),
            ["state"] = protectedState,
        };
        if (!string.IsNullOrEmpty(idToken))
        {
            parameters["id_token_hint"] = idToken;
        }

        return QueryHelpers.AddQueryString(endpoint, parameters);
    }

    [LoggerMessage(40, LogLevel.Warning, "OpenID Connect scheme {Scheme}: the provider is unavailable: {Reason}")]
    private static partial void LogProviderUnavailable(ILogger logger, string scheme, string reason);

    [LoggerMessage(41, LogLevel.Warning, "OpenID Connect scheme {Scheme}: the id_token of the sign-in is not valid: {Reason}")]
    private static partial void LogIdTokenInvalid(ILogger logger, string scheme, string reason);

    [LoggerMessage(42, LogLevel.Warning, "OpenID Connect scheme {Scheme}: the userinfo answer's sub differs from the id_token's; the sign-in fails")]
    private static partial void LogSubjectMismatch(ILogger logger, string scheme);
}
