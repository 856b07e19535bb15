using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Emulator.Internal;

// The token endpoints: oauth/gam/access_token, oauth/gam/v2.0/access_token, oauth/access_token.
internal sealed partial class GamEmulatorHandlers
{
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

        if (!emulator.TryGetClient(parameters["client_id"], out var client, out var clientError))
        {
            return clientError;
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

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;

    private static bool IsOneOf(string value, params string[] candidates) =>
        Array.Exists(candidates, c => string.Equals(value, c, StringComparison.OrdinalIgnoreCase));
}
