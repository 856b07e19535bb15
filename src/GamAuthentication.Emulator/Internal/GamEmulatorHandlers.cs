using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

/// <summary>Which token endpoint a request came to.</summary>
internal enum TokenRoute
{
    /// <summary><c>oauth/gam/access_token</c>: authorization_code, refresh_token.</summary>
    Web,

    /// <summary><c>oauth/gam/v2.0/access_token</c>: password (user or API key), authorization_code, refresh_token.</summary>
    Rest,

    /// <summary><c>oauth/access_token</c>: grant_type is an authentication type name, or refresh_token.</summary>
    App,
}

/// <summary>The HTTP side of the emulator: one method per route family.</summary>
internal sealed class GamEmulatorHandlers(GamEmulator emulator)
{
    private readonly SignInForm _signIn = new(emulator);

    // ---- Authorization endpoint -------------------------------------------------------------

    public Task SignInGetAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignIn);
        var parameters = RequestParameters.FromQuery(context.Request);
        if (string.Equals(parameters["oauth"], "signout", StringComparison.OrdinalIgnoreCase))
        {
            return SignOutCoreAsync(context, parameters);
        }

        var error = ParseAuthorize(parameters, out var request);
        if (error is not null)
        {
            emulator.LogRejected("signin", error);
            return HtmlPages.WriteErrorAsync(context, error);
        }

        return HtmlPages.WriteSignInAsync(context, emulator, request!, error: null, userName: string.Empty);
    }

    public async Task SignInPostAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignIn);
        var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
        AuthorizeRequest? request = null;
        var error = parameters is null ? GamError.MissingParameter("client_id") : ParseAuthorize(parameters, out request);
        if (error is not null)
        {
            emulator.LogRejected("signin", error);
            await HtmlPages.WriteErrorAsync(context, error).ConfigureAwait(false);
            return;
        }

        await _signIn.PostAsync(context, parameters!, request!, RedirectWithCodeAsync).ConfigureAwait(false);
    }

    private Task RedirectWithCodeAsync(HttpContext context, AuthorizeRequest request, GamEmulatorUser user)
    {
        var grant = ScopeGrant.ForRequest(request.Scope, request.Client);
        var code = emulator.CreateCode(request.Client, request.RedirectUri, user, grant, request.CodeChallenge, request.CodeChallengeMethod);
        var location = UrlQuery.Append(request.RedirectUri, ("state", request.State), ("code", code));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(location);
        return Task.CompletedTask;
    }

    /// <summary>Validates an authorization request; the client and redirect URI first, so errors never redirect.</summary>
    private GamError? ParseAuthorize(RequestParameters parameters, out AuthorizeRequest? request)
    {
        request = null;
        var responseType = parameters["response_type"];
        var isCode = string.Equals(responseType, "code", StringComparison.OrdinalIgnoreCase)
            || (responseType.Length == 0 && string.Equals(parameters["oauth"], "auth", StringComparison.OrdinalIgnoreCase));
        if (!isCode)
        {
            return GamError.UnsupportedResponseType;
        }

        var clientId = parameters["client_id"];
        if (clientId.Length == 0)
        {
            return GamError.MissingParameter("client_id");
        }

        var client = emulator.FindClient(clientId);
        if (client is null)
        {
            return GamError.ClientNotFound;
        }

        var redirectUri = parameters["redirect_uri"];
        if (redirectUri.Length == 0)
        {
            return GamError.MissingParameter("redirect_uri");
        }

        if (!emulator.IsRedirectUriAllowed(client, redirectUri))
        {
            return GamError.RedirectUriNotAllowed;
        }

        var state = parameters["state"];
        if (state.Length == 0)
        {
            return GamError.MissingParameter("state");
        }

        var repository = parameters["repository"];
        if (repository.Length > 0 && !emulator.IsRepository(repository))
        {
            return GamError.RepositoryNotFound;
        }

        string? challenge = parameters["code_challenge"];
        string? method = null;
        if (client.PkceMode == GamEmulatorPkceMode.Disabled || challenge.Length == 0)
        {
            challenge = null;
        }
        else
        {
            method = parameters["code_challenge_method"];
            if (method.Length == 0 || string.Equals(method, "plain", StringComparison.OrdinalIgnoreCase))
            {
                method = "plain";
            }
            else if (string.Equals(method, "S256", StringComparison.OrdinalIgnoreCase))
            {
                method = "S256";
            }
            else
            {
                return GamError.PkceMethodNotSupported;
            }
        }

        if (challenge is null && client.PkceMode == GamEmulatorPkceMode.Required)
        {
            return GamError.PkceRequired;
        }

        request = new AuthorizeRequest(client, redirectUri, state, parameters["scope"], challenge, method, repository);
        return null;
    }

    // ---- Token endpoints --------------------------------------------------------------------

    public Task WebTokenAsync(HttpContext context) => TokenAsync(context, TokenRoute.Web);

    public Task RestTokenAsync(HttpContext context) => TokenAsync(context, TokenRoute.Rest);

    public Task AppTokenAsync(HttpContext context) => TokenAsync(context, TokenRoute.App);

    private async Task TokenAsync(HttpContext context, TokenRoute route)
    {
        emulator.Count(GamEmulatorEndpoint.Token);
        var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
        TokenIssue? issue = null;
        var error = parameters is null ? GamError.MissingParameter("grant_type") : Dispatch(parameters, route, out issue);
        if (error is not null)
        {
            // The app-level endpoint maps every GAM error to 401 except the 202 of codes 400/410 (GeneXus runtime).
            if (route == TokenRoute.App && error.StatusCode != StatusCodes.Status202Accepted)
            {
                error = error with { StatusCode = StatusCodes.Status401Unauthorized };
            }

            emulator.LogRejected("token", error);
            await GamJson.WriteErrorAsync(context, error, Realm(context), tokenEndpoint: true).ConfigureAwait(false);
            return;
        }

        await GamJson.WriteTokenAsync(context, issue!).ConfigureAwait(false);
    }

    private GamError? Dispatch(RequestParameters parameters, TokenRoute route, out TokenIssue? issue)
    {
        issue = null;
        var grantType = parameters["grant_type"].Trim();
        if (grantType.Length == 0 && route != TokenRoute.App)
        {
            return GamError.MissingParameter("grant_type");
        }

        var clientId = parameters["client_id"];
        if (clientId.Length == 0)
        {
            return GamError.MissingParameter("client_id");
        }

        var client = emulator.FindClient(clientId);
        if (client is null)
        {
            return GamError.ClientNotFound;
        }

        var secret = parameters["client_secret"];
        if (string.Equals(grantType, "refresh_token", StringComparison.OrdinalIgnoreCase))
        {
            return emulator.Refresh(client, parameters["refresh_token"], secret, out issue);
        }

        if (route != TokenRoute.App && string.Equals(grantType, "authorization_code", StringComparison.OrdinalIgnoreCase))
        {
            return emulator.RedeemCode(client, parameters["code"], secret, parameters["redirect_uri"], parameters["code_verifier"], out issue);
        }

        if (route == TokenRoute.Web || (route == TokenRoute.Rest && !string.Equals(grantType, "password", StringComparison.OrdinalIgnoreCase)))
        {
            return GamError.UnsupportedGrantType;
        }

        return PasswordLogin(parameters, route, client, secret, grantType, out issue);
    }

    private GamError? PasswordLogin(RequestParameters parameters, TokenRoute route, GamEmulatorClient client, string secret, string grantType, out TokenIssue? issue)
    {
        issue = null;
        if (emulator.CheckClientSecret(client, secret, pkceLogin: false) is { } secretError)
        {
            return secretError;
        }

        var tokenType = parameters["request_token_type"];
        if (tokenType.Length > 0
            && !string.Equals(tokenType, "OAuth", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(tokenType, "Web", StringComparison.OrdinalIgnoreCase))
        {
            return GamError.RequestTokenTypeInvalid;
        }

        var additional = AdditionalParameters.Parse(parameters["additional_parameters"]);
        if (additional is null)
        {
            return GamError.AdditionalParametersInvalid;
        }

        var repository = FirstNonEmpty(parameters["repository"], additional.Repository);
        if (repository.Length > 0 && !emulator.IsRepository(repository))
        {
            return GamError.RepositoryNotFound;
        }

        if (route == TokenRoute.Rest && !client.AllowRestAuthentication)
        {
            return GamError.RemoteAuthenticationNotAllowed;
        }

        var properties = GamProperties.Parse(parameters["initial_properties"]);
        if (properties is null)
        {
            return GamError.InitialPropertiesInvalid;
        }

        properties.AddRange(additional.Properties);
        var authenticationType = route == TokenRoute.App
            ? FirstNonEmpty(additional.AuthenticationTypeName, grantType)
            : FirstNonEmpty(parameters["authentication_type_name"], additional.AuthenticationTypeName);

        var apiKey = parameters["api_key"];
        if (apiKey.Length > 0)
        {
            return ApiKeyLogin(client, apiKey, authenticationType, properties, out issue);
        }

        if (authenticationType.Length > 0 && !IsOneOf(authenticationType, "local", "gamlocal", "password"))
        {
            return GamError.AuthenticationTypeNotFound;
        }

        var userName = parameters["username"];
        if (userName.Length == 0)
        {
            return GamError.UserIdentificationNotValid;
        }

        var user = emulator.FindUser(userName);
        if (user is null)
        {
            return GamError.UserNotFound;
        }

        if (!user.IsActive)
        {
            return GamError.UserNotActive;
        }

        var password = parameters["password"];
        if (user.RequireSecondFactor)
        {
            var secondStep = parameters["otp_step"] == "2" || additional.OtpStep == "2";
            if (secondStep)
            {
                var otpError = emulator.CompleteSecondFactor(GamEmulator.PendingKey(user, client.ClientId), user, client.ClientId, password, out _);
                if (otpError is not null)
                {
                    return otpError;
                }
            }
            else
            {
                if (!GamEmulator.PasswordMatches(password, user.Password))
                {
                    return GamError.InvalidPassword;
                }

                emulator.StartSecondFactor(user, client.ClientId, ticket: false);
                return GamError.SecondFactorRequired;
            }
        }
        else if (!GamEmulator.PasswordMatches(password, user.Password))
        {
            return GamError.InvalidPassword;
        }

        issue = emulator.IssueLogin(user, client, ScopeGrant.ForRequest(parameters["scope"], client), properties, usedPkce: false, neverExpires: false);
        return null;
    }

    private GamError? ApiKeyLogin(GamEmulatorClient client, string apiKey, string authenticationType, List<GamProperty> properties, out TokenIssue? issue)
    {
        issue = null;
        if (authenticationType.Length > 0 && !IsOneOf(authenticationType, "apikey"))
        {
            return GamError.AuthenticationTypeNotFound;
        }

        if (!client.AllowApiKey)
        {
            return GamError.ApiKeyNotEnabled;
        }

        if (emulator.FindApiKey(apiKey) is not var (user, key))
        {
            return GamError.ApiKeyInvalid;
        }

        if (key.ExpiresAt is { } expiresAt && emulator.UtcNow >= expiresAt)
        {
            return GamError.ApiKeyExpired;
        }

        if (!user.IsActive)
        {
            return GamError.UserNotActive;
        }

        // A key is invalidated when the application stops publishing a scope the key was created with.
        var scopes = ScopeGrant.Split(key.Scopes);
        if (client.AllowedScopes is { Count: > 0 } allowed && scopes.Exists(s => !allowed.Contains(s, StringComparer.OrdinalIgnoreCase)))
        {
            return GamError.ApiKeyInvalid;
        }

        issue = emulator.IssueLogin(user, client, ScopeGrant.Exactly(scopes), properties, usedPkce: false, neverExpires: true);
        return null;
    }

    // ---- Userinfo and logout ----------------------------------------------------------------

    public Task UserInfoAsync(HttpContext context) => UserInfoCoreAsync(context, includeSub: false);

    public Task OpenIdUserInfoAsync(HttpContext context) => UserInfoCoreAsync(context, includeSub: true);

    private async Task UserInfoCoreAsync(HttpContext context, bool includeSub)
    {
        emulator.Count(GamEmulatorEndpoint.UserInfo);
        var token = await ReadAccessTokenAsync(context).ConfigureAwait(false);
        AccessTokenEntry? entry = null;
        var error = token.Length == 0 ? GamError.MissingAuthorization : emulator.ValidateAccessToken(token, out entry);
        if (error is not null)
        {
            await GamJson.WriteErrorAsync(context, error, Realm(context), tokenEndpoint: false).ConfigureAwait(false);
            return;
        }

        await GamJson.WriteUserInfoAsync(context, entry!.Session, includeSub).ConfigureAwait(false);
    }

    public async Task LogoutAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.Logout);
        var token = await ReadAccessTokenAsync(context).ConfigureAwait(false);
        var error = token.Length == 0 ? GamError.MissingAuthorization : emulator.ValidateAccessToken(token, out _);
        if (error is not null && error.Code != "103")
        {
            await GamJson.WriteErrorAsync(context, error, Realm(context), tokenEndpoint: false).ConfigureAwait(false);
            return;
        }

        emulator.EndLogin(token);
        await GamJson.WriteLogoutAsync(context).ConfigureAwait(false);
    }

    /// <summary>The token from <c>Authorization</c> (raw, <c>OAuth </c> or <c>Bearer </c>), else the <c>access_token</c> form field of a POST.</summary>
    private static async Task<string> ReadAccessTokenAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString().Trim();
        if (header.Length > 0)
        {
            foreach (var prefix in (ReadOnlySpan<string>)["Bearer ", "OAuth "])
            {
                if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return header[prefix.Length..].Trim();
                }
            }

            return header;
        }

        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var parameters = await RequestParameters.ReadAsync(context).ConfigureAwait(false);
            return parameters?["access_token"].Trim() ?? string.Empty;
        }

        return string.Empty;
    }

    // ---- Sign-out ---------------------------------------------------------------------------

    public Task SignOutAsync(HttpContext context)
    {
        emulator.Count(GamEmulatorEndpoint.SignOut);
        return SignOutCoreAsync(context, RequestParameters.FromQuery(context.Request));
    }

    private Task SignOutCoreAsync(HttpContext context, RequestParameters parameters)
    {
        var clientId = parameters["client_id"];
        var client = emulator.FindClient(clientId);
        GamError? error = null;
        var redirectUri = parameters["redirect_uri"];
        if (clientId.Length == 0)
        {
            error = GamError.MissingParameter("client_id");
        }
        else if (client is null)
        {
            error = GamError.ClientNotFound;
        }
        else if (redirectUri.Length == 0)
        {
            error = GamError.MissingParameter("redirect_uri");
        }
        else if (!emulator.IsPostLogoutRedirectUriAllowed(client, redirectUri))
        {
            error = GamError.LogoutRedirectNotValid;
        }

        if (error is not null)
        {
            emulator.LogRejected("signout", error);
            return HtmlPages.WriteErrorAsync(context, error);
        }

        emulator.EndLogin(parameters["token"]);
        var state = parameters["state"];
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect(UrlQuery.Append(redirectUri, ("state", state)));
        return Task.CompletedTask;
    }

    // ---- Helpers ----------------------------------------------------------------------------

    private string Realm(HttpContext context) =>
        emulator.Options.Realm is { Length: > 0 } realm ? realm : context.Request.Host.HasValue ? context.Request.Host.Value! : "localhost";

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;

    private static bool IsOneOf(string value, params string[] candidates) =>
        Array.Exists(candidates, c => string.Equals(value, c, StringComparison.OrdinalIgnoreCase));
}
