namespace GamAuthentication.Tokens;

/// <summary>What an <see cref="IGamRefreshCoordinator"/> coordinates: one refresh token of one GAM scheme. Never log <see cref="RefreshToken"/>.</summary>
public sealed class GamRefreshContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="scheme">The <c>AddGam()</c> scheme whose token endpoint refreshes.</param>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="tokenEndpoint">The token endpoint that will be asked.</param>
    public GamRefreshContext(string scheme, string refreshToken, Uri tokenEndpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        ArgumentNullException.ThrowIfNull(tokenEndpoint);
        Scheme = scheme;
        RefreshToken = refreshToken;
        TokenEndpoint = tokenEndpoint;
        RefreshTokenFingerprint = GamToken.Fingerprint(refreshToken);
    }

    /// <summary>The <c>AddGam()</c> scheme.</summary>
    public string Scheme { get; }

    /// <summary>The refresh token. Use only as the secret it is: hash it for keys, never log or store it.</summary>
    public string RefreshToken { get; }

    /// <summary>The token endpoint that will be asked.</summary>
    public Uri TokenEndpoint { get; }

    /// <summary>The refresh token's fingerprint (<see cref="GamToken.Fingerprint"/>), safe to log.</summary>
    public string RefreshTokenFingerprint { get; }

    /// <inheritdoc />
    public override string ToString() => $"refresh of {RefreshTokenFingerprint}… for scheme {Scheme}";
}
