using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using GamAuthentication.Diagnostics;
using GamAuthentication.Protocol;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication;

/// <summary>
/// Signs users in with GAM's Web IdP: authorization code with state and PKCE (from <see cref="OAuthHandler{TOptions}"/>),
/// a GAM-aware code exchange, and a userinfo call whose fields become claims.
/// </summary>
public partial class GamHandler : OAuthHandler<GamOptions>
{
    /// <summary>Creates the handler.</summary>
    /// <param name="options">The options monitor.</param>
    /// <param name="logger">The logger factory.</param>
    /// <param name="encoder">The URL encoder.</param>
    public GamHandler(IOptionsMonitor<GamOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : base(options, logger, encoder)
    {
    }

    /// <inheritdoc />
    protected override async Task<HandleRequestResult> HandleRemoteAuthenticateAsync()
    {
        // Some GAM versions report sign-in errors as error_code/error_message on the callback. As the base handler
        // does for OAuth's error=..., believe it only on a callback a sign-in of this browser is waiting for (valid
        // state and correlation cookie, which is then cleared); anyone can send a browser to the callback URL.
        var gamErrorCode = Request.Query["error_code"].ToString();
        if (!string.IsNullOrEmpty(gamErrorCode) && string.IsNullOrEmpty(Request.Query["code"]))
        {
            var properties = Options.StateDataFormat.Unprotect(Request.Query["state"]);
            if (properties is null)
            {
                return HandleRequestResult.Fail("The oauth state was missing or invalid.");
            }

            if (!ValidateCorrelationId(properties))
            {
                return HandleRequestResult.Fail("Correlation failed.", properties);
            }

            var error = new GamError(gamErrorCode, Request.Query["error_message"].ToString());
            Log.SignInRefused(Logger, Scheme.Name, error.Code);
            GamTelemetry.Count(GamTelemetry.SignIns, Scheme.Name, "refused");
            return HandleRequestResult.Fail(new GamAuthenticationException($"GAM refused the sign-in ({error}).", error, null), properties);
        }

        return await base.HandleRemoteAuthenticateAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override string BuildChallengeUrl(AuthenticationProperties properties, string redirectUri)
    {
        var url = base.BuildChallengeUrl(properties, redirectUri);
        var extra = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(Options.Repository) && !Options.AdditionalAuthorizationParameters.ContainsKey("repository"))
        {
            extra["repository"] = Options.Repository;
        }

        if (Options.UseLegacyAuthorizationParameter && !Options.AdditionalAuthorizationParameters.ContainsKey("oauth"))
        {
            extra["oauth"] = "auth";
        }

        if (properties.Items.TryGetValue(NonceKey, out var nonce) && nonce is not null)
        {
            extra["nonce"] = nonce;
        }

        return extra.Count == 0 ? url : QueryHelpers.AddQueryString(url, extra);
    }

    /// <inheritdoc />
    protected override async Task<OAuthTokenResponse> ExchangeCodeAsync(OAuthCodeExchangeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var form = GamTokenForm.Grant("authorization_code", Options.ClientId, Options.ClientSecret)
            .Add("code", context.Code)
            .Add("redirect_uri", context.RedirectUri);
        if (context.Properties.Items.Remove(OAuthConstants.CodeVerifierKey, out var verifier) && verifier is not null)
        {
            form.Add(OAuthConstants.CodeVerifierKey, verifier);
        }

        using var activity = GamTelemetry.Start(GamSpans.CodeExchange, Scheme.Name);
        Uri tokenEndpoint;
        try
        {
            tokenEndpoint = await EndpointAsync(Options.TokenEndpoint, c => c.TokenEndpoint, "token endpoint").ConfigureAwait(false);
        }
        catch (GamAuthenticationException ex)
        {
            LogProviderUnavailable(Logger, Scheme.Name, ex.Message);
            GamTelemetry.Finish(activity, "unavailable", ex.Message);
            GamTelemetry.Count(GamTelemetry.SignIns, Scheme.Name, "unavailable");
            return OAuthTokenResponse.Failed(new GamAuthenticationException($"The {ProviderName} code exchange failed: {ex.Message}.", ex));
        }

        System.Text.Json.JsonDocument? response = null;
        var result = await GamTokenEndpointClient.PostAsync(
            Backchannel, TimeProvider, tokenEndpoint, form, Options.MaxResponseBytes, Context.RequestAborted, kept => response = kept).ConfigureAwait(false);
        var outcome = GamTelemetry.Outcome(result.Status);
        GamTelemetry.Finish(activity, outcome, result.Reason);
        if (!result.IsSuccess)
        {
            Log.TokenExchangeFailed(Logger, Scheme.Name, result.Reason);
            GamTelemetry.Count(GamTelemetry.SignIns, Scheme.Name, outcome);
            return OAuthTokenResponse.Failed(new GamAuthenticationException(
                $"The {ProviderName} code exchange failed: {result.Reason}.", result.Error, result.HttpStatus));
        }

        // The framework's token response owns the document the classification parsed: no second parse.
        var tokens = OAuthTokenResponse.Success(response!);

        // GAM: expires_in 0 means "never expires" (no expires_at); refresh_token "" means "no refresh".
        if (tokens.ExpiresIn is { } expiresIn &&
            (!long.TryParse(expiresIn, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0))
        {
            tokens.ExpiresIn = null;
        }

        if (string.IsNullOrEmpty(tokens.RefreshToken))
        {
            tokens.RefreshToken = null;
        }

        return tokens;
    }

    /// <inheritdoc />
    protected override async Task<AuthenticationTicket> CreateTicketAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(properties);

        // Whatever ends the sign-in from here (the id_token, userinfo, an event handler) is counted once.
        var outcome = "failed";
        try
        {
            var ticket = await CreateTicketCoreAsync(identity, properties, tokens, o => outcome = o).ConfigureAwait(false);
            outcome = GamTelemetry.Success;
            return ticket;
        }
        finally
        {
            GamTelemetry.Count(GamTelemetry.SignIns, Scheme.Name, outcome);
        }
    }

    private async Task<AuthenticationTicket> CreateTicketCoreAsync(ClaimsIdentity identity, AuthenticationProperties properties, OAuthTokenResponse tokens, Action<string> userInfoOutcome)
    {
        // OpenID Connect: the id_token is checked before anything is asked about its user; GAM sends none.
        var idTokenSubject = await ValidateIdTokenAsync(properties, tokens.Response?.RootElement, tokens.AccessToken).ConfigureAwait(false);
        using var userInfo = await GetUserInfoAsync(tokens.AccessToken!).ConfigureAwait(false);
        if (userInfo.Status != GamUserInfoStatus.Success)
        {
            userInfoOutcome(GamTelemetry.Outcome(userInfo.Status));
            Log.UserInfoFailed(Logger, Scheme.Name, userInfo.Reason);

            // Throwing here turns into a remote failure: the user is not signed in.
            throw new GamAuthenticationException($"The {ProviderName} userinfo call failed: {userInfo.Reason}.", userInfo.Error, userInfo.HttpStatus);
        }

        CheckSubject(idTokenSubject, userInfo.Document!.RootElement);

        if (Options.SaveTokens)
        {
            SaveGrantDetails(properties, tokens.Response?.RootElement);
        }

        var principal = new ClaimsPrincipal(identity);
        var context = new OAuthCreatingTicketContext(principal, properties, Context, Scheme, Options, Backchannel, tokens, userInfo.Document!.RootElement);
        context.RunClaimActions();
        await Events.CreatingTicket(context).ConfigureAwait(false);
        Log.SignedIn(Logger, Scheme.Name, identity.Claims.Count());
        return new AuthenticationTicket(context.Principal!, context.Properties, Scheme.Name);
    }

    /// <summary>The sign-in's userinfo call, in its span.</summary>
    private async Task<GamUserInfoResult> GetUserInfoAsync(string accessToken)
    {
        using var activity = GamTelemetry.Start(GamSpans.SignInUserInfo, Scheme.Name);
        GamUserInfoResult userInfo;
        try
        {
            var userInfoEndpoint = await EndpointAsync(Options.UserInformationEndpoint, c => c.UserInfoEndpoint, "userinfo endpoint").ConfigureAwait(false);
            userInfo = await GamUserInfoClient.GetAsync(
                Backchannel,
                TimeProvider,
                userInfoEndpoint,
                accessToken,
                Options.EffectiveUserInformationTokenStyle,
                Options.MaxResponseBytes,
                Context.RequestAborted).ConfigureAwait(false);
        }
        catch (GamAuthenticationException ex)
        {
            userInfo = GamUserInfoResult.Unavailable(ex.Message, exception: ex);
        }

        GamTelemetry.Finish(activity, GamTelemetry.Outcome(userInfo.Status), userInfo.Reason);
        return userInfo;
    }

    /// <summary>
    /// Keeps what GAM's token response says beyond the tokens the framework saves: the granted <c>scope</c> (GAM joins
    /// scopes with <c>+</c>) and the user's <c>user_guid</c>, read with <c>GetTokenAsync("scope")</c> and
    /// <c>GetTokenAsync("user_guid")</c>.
    /// </summary>
    private static void SaveGrantDetails(AuthenticationProperties properties, System.Text.Json.JsonElement? response)
    {
        if (response is not { ValueKind: System.Text.Json.JsonValueKind.Object } root)
        {
            return;
        }

        var saved = properties.GetTokens().ToList();
        foreach (var name in GamTokenNames.GrantDetails)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.String && value.GetString() is { Length: > 0 } text)
            {
                saved.RemoveAll(t => t.Name == name);
                saved.Add(new AuthenticationToken { Name = name, Value = text });
            }
        }

        properties.StoreTokens(saved);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "GAM scheme {Scheme}: the code exchange failed: {Reason}")]
        public static partial void TokenExchangeFailed(ILogger logger, string scheme, string reason);

        [LoggerMessage(2, LogLevel.Warning, "GAM scheme {Scheme}: the userinfo call failed: {Reason}")]
        public static partial void UserInfoFailed(ILogger logger, string scheme, string reason);

        [LoggerMessage(3, LogLevel.Information, "GAM scheme {Scheme}: GAM refused the sign-in with code {GamCode}")]
        public static partial void SignInRefused(ILogger logger, string scheme, string gamCode);

        [LoggerMessage(4, LogLevel.Debug, "GAM scheme {Scheme}: user signed in with {ClaimCount} claims")]
        public static partial void SignedIn(ILogger logger, string scheme, int claimCount);
    }
}
