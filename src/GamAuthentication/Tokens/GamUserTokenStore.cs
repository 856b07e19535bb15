using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tokens;

/// <summary>
/// Where a signed-in user's GAM tokens live: the authentication properties of the sign-in scheme's ticket, as
/// <c>AddGam()</c> saved them (in the cookie, or in a server-side session when the cookie handler has a
/// <c>SessionStore</c>). Reads them into a <see cref="GamToken"/>, writes a refreshed one back, and remembers per
/// request what it read or wrote, so every caller in one request sees the newest tokens.
/// </summary>
internal sealed partial class GamUserTokenStore(IAuthenticationSchemeProvider schemes, ILogger logger)
{
    /// <summary>When the saved access token was issued (the start of its lifetime), beside the framework's tokens.</summary>
    internal const string IssuedAtItem = ".gam.token_issued";
    private const string StateKeyPrefix = "GamAuthentication.UserToken:";

    /// <summary>Where <see cref="RemoteAuthenticationHandler{TOptions}"/> writes the name of the scheme that signed the user in.</summary>
    private const string AuthSchemeItem = ".AuthScheme";

    /// <summary>The tokens of the signed-in user of <paramref name="scheme"/>, or null when nobody is signed in.</summary>
    /// <exception cref="InvalidOperationException">No sign-in scheme can be found.</exception>
    public async Task<GamUserTokens?> ReadAsync(HttpContext context, string scheme, string? signInScheme)
    {
        var state = State(context, scheme);
        lock (state)
        {
            if (state.Tokens is { } known)
            {
                return known;
            }
        }

        signInScheme ??= (await schemes.GetDefaultSignInSchemeAsync().ConfigureAwait(false))?.Name;
        if (string.IsNullOrEmpty(signInScheme))
        {
            throw new InvalidOperationException(
                $"GAM: no sign-in scheme holds the tokens of scheme '{scheme}': set GamUserAccessTokenOptions.SignInScheme, GamOptions.SignInScheme or the default sign-in scheme.");
        }

        var authentication = await context.AuthenticateAsync(signInScheme).ConfigureAwait(false);
        if (!authentication.Succeeded || authentication.Properties is null)
        {
            return null;
        }

        var tokens = new GamUserTokens(signInScheme, authentication, IssuedBy(authentication.Properties, scheme) ? Read(authentication.Properties) : null);
        lock (state)
        {
            state.Tokens = tokens;
        }

        return tokens;
    }

    /// <summary>Saves a refreshed token into the ticket and re-issues it (unless the response has started).</summary>
    public async Task WriteAsync(HttpContext context, string scheme, GamUserTokens current, GamToken renewed)
    {
        var properties = current.Authentication.Properties!;
        var saved = properties.GetTokens().Where(t => t.Name is not (GamTokenNames.AccessToken or GamTokenNames.RefreshToken or GamTokenNames.ExpiresAt or GamTokenNames.TokenType)).ToList();
        Set(saved, GamTokenNames.AccessToken, renewed.AccessToken);
        Set(saved, GamTokenNames.RefreshToken, renewed.RefreshToken);
        Set(saved, GamTokenNames.TokenType, renewed.TokenType);
        Set(saved, GamTokenNames.ExpiresAt, renewed.ExpiresAt?.ToString("o", CultureInfo.InvariantCulture));
        Set(saved, GamTokenNames.Scope, renewed.Scopes.Count > 0 ? string.Join('+', renewed.Scopes) : null);
        Set(saved, GamTokenNames.UserGuid, renewed.UserGuid);
        if (renewed.IdToken is { } idToken)
        {
            // A refresh that answers no id_token leaves the sign-in's, which sign-out still sends as its hint.
            Set(saved, GamTokenNames.IdToken, idToken);
        }
        properties.StoreTokens(saved);
        properties.Items[IssuedAtItem] = renewed.RequestedAt?.ToString("o", CultureInfo.InvariantCulture);

        var state = State(context, scheme);
        lock (state)
        {
            state.Tokens = current with { Token = renewed };
        }

        if (context.Response.HasStarted)
        {
            LogNotSaved(logger, current.SignInScheme);
            return;
        }

        await context.SignInAsync(current.SignInScheme, current.Authentication.Principal!, properties).ConfigureAwait(false);
    }

    /// <summary>Signs the user out of the sign-in scheme (their tokens cannot be used any more) and forgets them for this request.</summary>
    public async Task RemoveAsync(HttpContext context, string scheme, GamUserTokens current)
    {
        LogRemoved(logger, scheme, current.SignInScheme);
        var state = State(context, scheme);
        lock (state)
        {
            state.Tokens = null;
        }

        if (!context.Response.HasStarted)
        {
            await context.SignOutAsync(current.SignInScheme).ConfigureAwait(false);
        }
    }

    /// <summary>The newest access token this request knows for <paramref name="scheme"/> (e.g. after a refresh), if any.</summary>
    public static string? CurrentAccessToken(HttpContext context, string scheme)
    {
        if (Peek(context, scheme) is not { } state)
        {
            return null;
        }

        lock (state)
        {
            return state.Tokens?.Token?.AccessToken;
        }
    }

    /// <summary>What this request knows about the user's tokens of one GAM scheme. Lock on the instance.</summary>
    public static GamUserTokenRequestState State(HttpContext context, string scheme)
    {
        var items = context.Items;
        lock (items)
        {
            if (items.TryGetValue(StateKeyPrefix + scheme, out var value) && value is GamUserTokenRequestState existing)
            {
                return existing;
            }

            var created = new GamUserTokenRequestState();
            items[StateKeyPrefix + scheme] = created;
            return created;
        }
    }

    private static GamUserTokenRequestState? Peek(HttpContext context, string scheme)
    {
        var items = context.Items;
        lock (items)
        {
            return items.TryGetValue(StateKeyPrefix + scheme, out var value) ? value as GamUserTokenRequestState : null;
        }
    }

    /// <summary>
    /// Whether the ticket's tokens are <paramref name="scheme"/>'s: the framework records the remote scheme that signed
    /// the user in (<c>.AuthScheme</c>). Tokens of one provider are never sent to another scheme's provider (its
    /// sign-out, its token endpoint), as a sign-out or refresh asked of the wrong scheme would otherwise do.
    /// </summary>
    internal static bool IssuedBy(AuthenticationProperties properties, string scheme) =>
        !properties.Items.TryGetValue(AuthSchemeItem, out var issuer) || string.IsNullOrEmpty(issuer) || string.Equals(issuer, scheme, StringComparison.Ordinal);

    /// <summary>The saved tokens as a <see cref="GamToken"/>; null when the sign-in saved no access token (SaveTokens off).</summary>
    private static GamToken? Read(AuthenticationProperties properties)
    {
        var accessToken = properties.GetTokenValue(GamTokenNames.AccessToken);
        if (string.IsNullOrEmpty(accessToken))
        {
            return null;
        }

        return new GamToken(
            accessToken,
            properties.GetTokenValue(GamTokenNames.TokenType) ?? "Bearer",
            ParseInstant(properties.GetTokenValue(GamTokenNames.ExpiresAt)),
            properties.GetTokenValue(GamTokenNames.RefreshToken),
            GamToken.SplitScopes(properties.GetTokenValue(GamTokenNames.Scope)),
            properties.GetTokenValue(GamTokenNames.UserGuid))
        {
            RequestedAt = (properties.Items.TryGetValue(IssuedAtItem, out var issued) ? ParseInstant(issued) : null) ?? properties.IssuedUtc,
            IdToken = properties.GetTokenValue(GamTokenNames.IdToken),
        };
    }

    private static void Set(List<AuthenticationToken> tokens, string name, string? value)
    {
        tokens.RemoveAll(t => t.Name == name);
        if (!string.IsNullOrEmpty(value))
        {
            tokens.Add(new AuthenticationToken { Name = name, Value = value });
        }
    }

    private static DateTimeOffset? ParseInstant(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant) ? instant : null;

    [LoggerMessage(307, LogLevel.Debug, "GAM scheme {Scheme}: the user's tokens are gone: signed out of {SignInScheme}")]
    private static partial void LogRemoved(ILogger logger, string scheme, string signInScheme);

    [LoggerMessage(305, LogLevel.Warning, "GAM sign-in scheme {SignInScheme}: the response had already started, so the refreshed tokens could not be written to the cookie")]
    private static partial void LogNotSaved(ILogger logger, string signInScheme);
}

/// <summary>The signed-in user's saved tokens and the ticket they came from (to write a refresh back into).</summary>
/// <param name="SignInScheme">The scheme whose ticket holds them (usually the cookie).</param>
/// <param name="Authentication">The ticket.</param>
/// <param name="Token">The tokens; null when the sign-in saved none.</param>
internal sealed record GamUserTokens(string SignInScheme, AuthenticateResult Authentication, GamToken? Token)
{
    // Records print their members; these hold tokens.
    public override string ToString() => "saved GAM tokens";
}

/// <summary>Per request and GAM scheme: the tokens read or written, and the one evaluation the request's calls share.</summary>
internal sealed class GamUserTokenRequestState
{
    public GamUserTokens? Tokens { get; set; }

    public Task<GamUserAccessToken>? Pending { get; set; }

    public GamUserAccessToken? Result { get; set; }
}
