namespace GamAuthentication.Tokens;

/// <summary>
/// An API-key request (GAM REST IdP v2.0: <c>grant_type=password</c>, <c>api_key</c>,
/// <c>authentication_type_name=apikey</c>). The token carries the scopes frozen into the key and normally never
/// expires (<c>expires_in: 0</c>) and has no refresh token.
/// </summary>
public sealed class GamApiKeyTokenRequest
{
    /// <summary>Creates an empty request; set <see cref="ApiKey"/>.</summary>
    public GamApiKeyTokenRequest()
    {
    }

    /// <summary>Creates a request for a key.</summary>
    /// <param name="apiKey">The API key.</param>
    public GamApiKeyTokenRequest(string apiKey) => ApiKey = apiKey;

    /// <summary>The API key (<c>api_key</c>). Required. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The authentication type name of kind "API Key"; null uses <see cref="GamTokenClientOptions.ApiKeyAuthenticationTypeName"/> (<c>apikey</c>).</summary>
    public string? AuthenticationTypeName { get; set; }

    /// <summary>The user name; optional (one revision of GAM's documentation lists it). Default: not sent.</summary>
    public string? UserName { get; set; }

    /// <summary>The IdP repository GUID; null uses the options.</summary>
    public string? Repository { get; set; }

    /// <summary>Any other form fields to send. A field named here replaces the one the client would send.</summary>
    public IDictionary<string, string> Parameters { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
