namespace GamAuthentication.Discovery;

/// <summary>What an OpenID Connect provider's discovery document says the endpoints are (any may be missing).</summary>
public sealed class GamProviderConfiguration
{
    /// <summary>The issuer of its id_tokens.</summary>
    public string? Issuer { get; init; }

    /// <summary>The authorization endpoint (browser sign-in).</summary>
    public string? AuthorizationEndpoint { get; init; }

    /// <summary>The token endpoint.</summary>
    public string? TokenEndpoint { get; init; }

    /// <summary>The userinfo endpoint.</summary>
    public string? UserInfoEndpoint { get; init; }

    /// <summary>The end-session endpoint (RP-initiated logout), when the provider has one.</summary>
    public string? EndSessionEndpoint { get; init; }

    /// <summary>Where its signing keys are published.</summary>
    public string? JwksUri { get; init; }
}
