using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace GamAuthentication.Emulator.Tests;

/// <summary>OpenID Connect helpers: the code flow against the provider at <see cref="OidcPrefix"/>, and validation with Microsoft.IdentityModel.</summary>
internal sealed partial class EmulatorHost
{
    /// <summary>The issuer of a provider mapped at the default prefix of a TestServer app.</summary>
    public const string Issuer = "http://localhost/oidc/2";

    public const string Nonce = "n-0S6_WzA2Mj";

    /// <summary>Where <c>MapGamOpenIdConnectEmulator</c> was mapped (empty = root).</summary>
    public string OidcPrefix { get; }

    public string Oidc(string relative) => OidcPrefix + "/" + relative;

    public static string AuthorizeQuery(
        string clientId = GamEmulatorDefaults.ClientId,
        string redirectUri = RedirectUri,
        string? scope = "openid profile email",
        string? state = "af0ifjsldkj",
        string? nonce = Nonce,
        string? challenge = null,
        string? method = null,
        string responseType = "code",
        string? responseMode = null)
    {
        var query = new List<string>
        {
            "response_type=" + Uri.EscapeDataString(responseType),
            "client_id=" + Uri.EscapeDataString(clientId),
            "redirect_uri=" + Uri.EscapeDataString(redirectUri),
        };
        foreach (var (name, value) in new[] { ("scope", scope), ("state", state), ("nonce", nonce), ("code_challenge", challenge), ("code_challenge_method", method), ("response_mode", responseMode) })
        {
            if (value is not null)
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        return string.Join('&', query);
    }

    public Task<HttpResponseMessage> SubmitOidcSignInAsync(string query, string userName = "demo", string password = "demo") =>
        SubmitSignInAsync(query, userName, password, Oidc("auth"));

    /// <summary>Signs in on the provider's page and returns the code of the redirect.</summary>
    public async Task<string> GetOidcCodeAsync(string? query = null, string userName = "demo", string password = "demo")
    {
        var response = await SubmitOidcSignInAsync(query ?? AuthorizeQuery(), userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return QueryValue(response.Headers.Location!, "code")!;
    }

    public Task<HttpResponseMessage> OidcTokenAsync(params (string Name, string Value)[] fields) => OidcTokenWithBasicAsync(null, fields);

    /// <summary>POSTs the form to the token endpoint, with a Basic header when <paramref name="basic"/> is given.</summary>
    public Task<HttpResponseMessage> OidcTokenWithBasicAsync((string Id, string Secret)? basic, params (string Name, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Oidc("token"))
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        if (basic is var (id, secret))
        {
            var credentials = Uri.EscapeDataString(id) + ":" + Uri.EscapeDataString(secret);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> OidcExchangeAsync(
        string code,
        string clientId = GamEmulatorDefaults.ClientId,
        string? clientSecret = GamEmulatorDefaults.ClientSecret,
        string redirectUri = RedirectUri,
        string? verifier = null) => ExchangeCodeAsync(code, clientId, clientSecret, redirectUri, verifier, Oidc("token"));

    public Task<HttpResponseMessage> OidcRefreshAsync(string refreshToken) => OidcTokenAsync(
        ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", GamEmulatorDefaults.ClientId), ("client_secret", GamEmulatorDefaults.ClientSecret));

    /// <summary>A whole code flow; returns the token response.</summary>
    public async Task<JsonElement> OidcLoginAsync(string? scope = "openid profile email", string? nonce = Nonce, string userName = "demo", string password = "demo")
    {
        var code = await GetOidcCodeAsync(AuthorizeQuery(scope: scope, nonce: nonce), userName, password);
        return await JsonAsync(await OidcExchangeAsync(code), HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> OidcUserInfoAsync(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Oidc("me"));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Reads discovery and JWKS the way a relying party does (Microsoft.IdentityModel's retriever).</summary>
    public Task<OpenIdConnectConfiguration> OidcConfigurationAsync() =>
        OpenIdConnectConfigurationRetriever.GetAsync(
            "http://localhost" + Oidc(".well-known/openid-configuration"),
            new HttpDocumentRetriever(Client) { RequireHttps = false },
            CancellationToken.None);

    /// <summary>Validates an ID token with JsonWebTokenHandler against freshly read keys, on the emulator's clock.</summary>
    public async Task<TokenValidationResult> ValidateIdTokenAsync(string idToken, string audience = GamEmulatorDefaults.ClientId, string issuer = Issuer)
    {
        var configuration = await OidcConfigurationAsync();
        return await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            // IdentityModel parses exp/nbf; the check runs on the emulator's clock (its own TimeProvider setting is internal).
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires, Clock.GetUtcNow().UtcDateTime),
        });
    }

    private static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now)
    {
        var skew = TimeSpan.FromMinutes(1);
        return expires is { } exp && now - skew < exp && (notBefore is not { } nbf || nbf <= now + skew);
    }

    /// <summary>
    /// Runs Microsoft.IdentityModel's OpenID Connect protocol checks: the token response (nonce, at_hash,
    /// required claims) and, when given, the userinfo response (its <c>sub</c> must be the ID token's).
    /// </summary>
    public static void ValidateProtocol(string idToken, string accessToken, string? nonce, string? userInfoJson = null)
    {
        var validator = new OpenIdConnectProtocolValidator { RequireNonce = nonce is not null, RequireTimeStampInNonce = false, RequireStateValidation = false };
        var context = new OpenIdConnectProtocolValidationContext
        {
            ClientId = GamEmulatorDefaults.ClientId,
            Nonce = nonce,
            ValidatedIdToken = new JwtSecurityToken(idToken),
            ProtocolMessage = new OpenIdConnectMessage { IdToken = idToken, AccessToken = accessToken },
        };
        validator.ValidateTokenResponse(context);
        if (userInfoJson is not null)
        {
            context.UserInfoEndpointResponse = userInfoJson;
            validator.ValidateUserInfoResponse(context);
        }
    }

    /// <summary>The payload of a JWT, read without checking anything.</summary>
    public static JsonElement JwtPayload(string jwt)
    {
        using var document = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1]));
        return document.RootElement.Clone();
    }

    public static JsonElement JwtHeader(string jwt)
    {
        using var document = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[0]));
        return document.RootElement.Clone();
    }

    /// <summary>The OAuth error body <c>{"error","error_description"}</c>; returns <c>error</c>.</summary>
    public static async Task<string> OAuthErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await JsonAsync(response, expected);
        Assert.Equal(["error", "error_description"], json.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error_description").GetString()));
        return json.GetProperty("error").GetString()!;
    }
}
