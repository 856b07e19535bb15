using System.Security.Claims;

namespace GamAuthentication.Bearer;

/// <summary>One claim as cached: immutable strings shared by every principal built from the entry.</summary>
internal readonly record struct GamCachedClaim(string Type, string Value, string ValueType, string Issuer, string OriginalIssuer);

/// <summary>What a cache entry says about a token.</summary>
internal enum GamBearerEntryKind : byte
{
    /// <summary>GAM accepted the token; the entry holds the user's claims.</summary>
    Valid = 1,

    /// <summary>GAM rejected the token (negative cache).</summary>
    Rejected = 2,

    /// <summary>
    /// This application revoked the token locally (<see cref="GamBearerTokenCache.RevokeAsync(string, CancellationToken)"/>,
    /// e.g. at sign-out): refused without asking GAM, even while GAM still accepts it.
    /// </summary>
    Revoked = 3,
}

/// <summary>
/// An immutable cached answer for one token: the claims snapshot (valid) or GAM's rejection. Every request
/// builds its own <see cref="ClaimsPrincipal"/> from it; no principal is ever shared between requests.
/// </summary>
internal sealed class GamBearerCacheEntry
{
    private const int ObjectOverhead = 64;

    private static readonly System.Buffers.SearchValues<char> SafeCodeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");

    private GamBearerCacheEntry(GamBearerEntryKind kind, DateTimeOffset expiresAt, GamCachedClaim[] claims, string? errorCode, int httpStatus)
    {
        Kind = kind;
        ExpiresAt = expiresAt;
        Claims = claims;
        ErrorCode = errorCode;
        HttpStatus = httpStatus;
        long size = ObjectOverhead;
        foreach (var claim in claims)
        {
            // The strings of one userinfo answer are this entry's own; claim types and issuers are usually shared.
            size += ObjectOverhead + (2L * claim.Value.Length);
        }

        Size = size + (2L * (errorCode?.Length ?? 0));
    }

    public GamBearerEntryKind Kind { get; }

    /// <summary>When the entry stops counting, on the scheme's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset ExpiresAt { get; }

    public GamCachedClaim[] Claims { get; }

    /// <summary>GAM's error code of a rejection (e.g. <c>103</c>), when GAM sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status of GAM's rejection.</summary>
    public int HttpStatus { get; }

    /// <summary>Approximate bytes held, for the bounded memory cache.</summary>
    public long Size { get; }

    public static GamBearerCacheEntry Valid(GamCachedClaim[] claims, DateTimeOffset expiresAt) =>
        new(GamBearerEntryKind.Valid, expiresAt, claims, null, 200);

    public static GamBearerCacheEntry Rejected(string? errorCode, int httpStatus, DateTimeOffset expiresAt) =>
        new(GamBearerEntryKind.Rejected, expiresAt, [], errorCode, httpStatus);

    public static GamBearerCacheEntry Revoked(DateTimeOffset expiresAt) =>
        new(GamBearerEntryKind.Revoked, expiresAt, [], null, 401);

    public static GamCachedClaim[] Snapshot(ClaimsIdentity identity)
    {
        var claims = new List<GamCachedClaim>();
        foreach (var claim in identity.Claims)
        {
            claims.Add(new GamCachedClaim(claim.Type, claim.Value, claim.ValueType, claim.Issuer, claim.OriginalIssuer));
        }

        return [.. claims];
    }

    /// <summary>A new identity for one request. Claims are created with the identity as subject, so none is cloned.</summary>
    public ClaimsIdentity CreateIdentity(string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimsIdentity.DefaultNameClaimType, ClaimsIdentity.DefaultRoleClaimType);
        var claims = Claims;
        for (var i = 0; i < claims.Length; i++)
        {
            ref readonly var c = ref claims[i];
            identity.AddClaim(new Claim(c.Type, c.Value, c.ValueType, c.Issuer, c.OriginalIssuer, identity));
        }

        return identity;
    }

    /// <summary>A safe description of a rejection: GAM's code at most.</summary>
    public string RejectionDescription() => Kind == GamBearerEntryKind.Revoked ? "The access token was revoked (signed out)." : ErrorCode switch
    {
        null or "" when HttpStatus is >= 200 and < 300 => "The access token grants no user information (the userinfo answer names no user).",
        null or "" => "The access token was rejected by GAM.",
        GamError.TokenExpired => "The access token expired (GAM error 103).",
        GamError.TokenNotFound => "The access token is unknown to GAM (GAM error 112).",
        GamError.InvalidToken => "The access token is invalid (GAM error 114).",
        _ => "The access token was rejected by GAM (error " + SafeCode(ErrorCode) + ").",
    };

    private static string SafeCode(string code)
    {
        // GAM's codes are short digits or OAuth words; anything else is not echoed into a header.
        if (code.Length > 40 || code.AsSpan().ContainsAnyExcept(SafeCodeCharacters))
        {
            return "unknown";
        }

        return code;
    }
}
