namespace GamAuthentication.Tokens;

/// <summary>Default values of the token lifecycle features (token client, service tokens, user tokens).</summary>
public static class GamTokenDefaults
{
    /// <summary>The authentication type name GAM uses for API keys: <c>apikey</c>.</summary>
    public const string ApiKeyAuthenticationTypeName = "apikey";

    /// <summary>How long before an access token expires it is renewed by default: 60 seconds.</summary>
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromSeconds(60);

    /// <summary>Default timeout of one call to a GAM token endpoint: 30 seconds.</summary>
    public static readonly TimeSpan TokenRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that the token client registered under
    /// <paramref name="name"/> uses: <c>GamAuthentication.TokenClient.{name}</c> (<c>GamAuthentication.TokenClient</c> for the default name).
    /// </summary>
    /// <param name="name">The token client name; empty for the default client.</param>
    /// <returns>The HTTP client name.</returns>
    public static string TokenClientHttpClientName(string? name) =>
        string.IsNullOrEmpty(name) ? "GamAuthentication.TokenClient" : "GamAuthentication.TokenClient." + name;

    /// <summary>
    /// The name of the <see cref="System.Net.Http.IHttpClientFactory"/> client that obtains service tokens for the
    /// HTTP client <paramref name="httpClientName"/>: <c>GamAuthentication.ClientAccessToken.{httpClientName}</c>.
    /// Configure it (e.g. a proxy or a test handler) with <c>services.AddHttpClient(name)</c>.
    /// </summary>
    /// <param name="httpClientName">The name of the HTTP client that carries the service token.</param>
    /// <returns>The HTTP client name.</returns>
    public static string ClientAccessTokenHttpClientName(string httpClientName) => "GamAuthentication.ClientAccessToken." + httpClientName;
}
