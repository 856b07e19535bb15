namespace GamAuthentication.Emulator.Internal;

/// <summary>An <c>{"Id","Value"}</c> pair of <c>initial_properties</c>.</summary>
internal sealed record GamProperty(string Id, string Value);

/// <summary>One login (the chain of tokens renewed from it).</summary>
internal sealed class LoginSession(
    GamEmulatorUser user,
    GamEmulatorClient client,
    ScopeGrant grant,
    IReadOnlyList<GamProperty> initialProperties,
    bool usedPkce,
    DateTimeOffset authenticatedAt,
    string? nonce)
{
    private int _renewals;
    private volatile bool _ended;
    private volatile AccessTokenEntry? _current;

    /// <summary>A random identifier of the login (the <c>sid</c> of its ID tokens).</summary>
    public string Id { get; } = System.Security.Cryptography.RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>When the user proved who they are (the <c>auth_time</c> of its ID tokens).</summary>
    public DateTimeOffset AuthenticatedAt { get; } = authenticatedAt;

    /// <summary>The OpenID Connect <c>nonce</c> of the authorization request, if any.</summary>
    public string? Nonce { get; } = nonce;

    public GamEmulatorUser User { get; } = user;

    public GamEmulatorClient Client { get; } = client;

    public ScopeGrant Grant { get; } = grant;

    public IReadOnlyList<GamProperty> InitialProperties { get; } = initialProperties;

    /// <summary>The login started with PKCE (its refreshes may omit the client secret, see options).</summary>
    public bool UsedPkce { get; } = usedPkce;

    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>Set by sign-out/logout: every token of the login is dead.</summary>
    public bool Ended => _ended;

    public AccessTokenEntry? CurrentAccessToken
    {
        get => _current;
        set => _current = value;
    }

    public int IncrementRenewals() => Interlocked.Increment(ref _renewals);

    public void End() => _ended = true;
}

internal sealed class AccessTokenEntry(LoginSession session, DateTimeOffset? expiresAt, long expiresIn)
{
    private volatile bool _revoked;

    public LoginSession Session { get; } = session;

    /// <summary><see langword="null"/> = never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; } = expiresAt;

    public long ExpiresIn { get; } = expiresIn;

    public bool Revoked => _revoked;

    public void Revoke() => _revoked = true;
}

internal sealed record RefreshTokenEntry(LoginSession Session, DateTimeOffset ExpiresAt);

/// <summary>
/// An authorization code. It stays in the emulator after its first redemption so that a replay can be
/// recognised and the login issued from it ended (RFC 6749 §4.1.2).
/// </summary>
internal sealed class AuthorizationCodeEntry(
    GamEmulatorClient client,
    string redirectUri,
    GamEmulatorUser user,
    ScopeGrant grant,
    string? codeChallenge,
    string? codeChallengeMethod,
    DateTimeOffset expiresAt,
    DateTimeOffset authenticatedAt,
    string? nonce)
{
    private readonly Lock _gate = new();
    private bool _redeemed;
    private bool _replayed;
    private LoginSession? _session;

    public GamEmulatorClient Client { get; } = client;

    public string RedirectUri { get; } = redirectUri;

    public GamEmulatorUser User { get; } = user;

    public ScopeGrant Grant { get; } = grant;

    public string? CodeChallenge { get; } = codeChallenge;

    public string? CodeChallengeMethod { get; } = codeChallengeMethod;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    /// <summary>When the user signed in to obtain the code.</summary>
    public DateTimeOffset AuthenticatedAt { get; } = authenticatedAt;

    /// <summary>The OpenID Connect <c>nonce</c> of the authorization request, if any.</summary>
    public string? Nonce { get; } = nonce;

    /// <summary>Claims the code for one redemption; <see langword="false"/> when it was already claimed (a replay).</summary>
    public bool TryRedeem()
    {
        lock (_gate)
        {
            if (_redeemed)
            {
                return false;
            }

            _redeemed = true;
            return true;
        }
    }

    /// <summary>Records the login the redemption started; ends it at once when a replay came first.</summary>
    public void Issued(LoginSession session)
    {
        lock (_gate)
        {
            _session = session;
            if (_replayed)
            {
                session.End();
            }
        }
    }

    /// <summary>A replay: ends the login issued from the code (now, or when it is recorded).</summary>
    public void Replayed()
    {
        lock (_gate)
        {
            _replayed = true;
            _session?.End();
        }
    }
}

/// <summary>A validated first factor waiting for its one-time password.</summary>
internal sealed record PendingSecondFactor(GamEmulatorUser User, string ClientId, DateTimeOffset ExpiresAt);

/// <summary>What a successful token request produced.</summary>
internal sealed record TokenIssue(string AccessToken, long ExpiresIn, string RefreshToken, string Scope, string UserGuid, LoginSession Session);
