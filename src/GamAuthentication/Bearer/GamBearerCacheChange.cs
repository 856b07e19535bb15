namespace GamAuthentication.Bearer;

/// <summary>What a revocation or an eviction in <see cref="GamBearerTokenCache"/> changed, as another instance needs to hear it.</summary>
public sealed class GamBearerCacheChange
{
    /// <summary>Creates the change.</summary>
    /// <param name="scheme">The bearer scheme, e.g. <c>GamBearer</c>.</param>
    /// <param name="tokenHash">base64url of the SHA-256 of the access token (43 characters): how caches name a token. Never the token.</param>
    /// <param name="kind">Revoked or evicted.</param>
    /// <param name="revokedUntil">For a revocation, until when the token is refused.</param>
    public GamBearerCacheChange(string scheme, string tokenHash, GamBearerCacheChangeKind kind, DateTimeOffset? revokedUntil)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheme);
        ArgumentException.ThrowIfNullOrEmpty(tokenHash);
        if (kind == GamBearerCacheChangeKind.Revoked && revokedUntil is null)
        {
            throw new ArgumentException("A revocation needs the instant it ends.", nameof(revokedUntil));
        }

        Scheme = scheme;
        TokenHash = tokenHash;
        Kind = kind;
        RevokedUntil = revokedUntil;
    }

    /// <summary>The bearer scheme.</summary>
    public string Scheme { get; }

    /// <summary>base64url of the SHA-256 of the access token.</summary>
    public string TokenHash { get; }

    /// <summary>Revoked or evicted.</summary>
    public GamBearerCacheChangeKind Kind { get; }

    /// <summary>For a revocation, until when the token is refused.</summary>
    public DateTimeOffset? RevokedUntil { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {TokenHash[..Math.Min(8, TokenHash.Length)]}… in {Scheme}";
}

/// <summary>What happened to a token in a bearer cache.</summary>
public enum GamBearerCacheChangeKind
{
    /// <summary>Refused without asking GAM until <see cref="GamBearerCacheChange.RevokedUntil"/>.</summary>
    Revoked = 0,

    /// <summary>Forgotten: the next request asks GAM.</summary>
    Evicted = 1,
}
