using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using GamAuthentication.Emulator.Internal;
using GamAuthentication.Emulator.OpenIdConnect;

namespace GamAuthentication.Emulator;

/// <summary>
/// The signing keys of the emulator's OpenID Connect provider, and the settings tests use to make it
/// misbehave on purpose (<see cref="IdTokenTransform"/>, <see cref="SignIdTokensWithUnpublishedKey"/>,
/// <see cref="DiscoveryStatusCode"/>, <see cref="RotateSigningKey"/>). Reached through
/// <see cref="GamEmulator.OpenIdConnect"/>; thread-safe. Keys are RSA 2048 (RS256) and created at first use.
/// </summary>
public sealed class GamEmulatorOpenIdConnect : IDisposable
{
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, LoginSession> _sessions = new(StringComparer.Ordinal);

    // Newest first. Retired keys stay in _all so id_token_hint values they signed can still be read.
    private readonly List<SigningKey> _published = [];
    private readonly List<SigningKey> _all = [];
    private SigningKey? _unpublished;
    private volatile Func<JsonObject, JsonObject>? _transform;
    private volatile bool _unpublishedSigning;
    private int? _discoveryStatusCode;
    private bool _disposed;

    internal GamEmulatorOpenIdConnect()
    {
    }

    /// <summary>The <c>kid</c> of the key that signs ID tokens now (its RFC 7638 thumbprint).</summary>
    public string SigningKeyId
    {
        get
        {
            lock (_gate)
            {
                return CurrentKey().KeyId;
            }
        }
    }

    /// <summary>The <c>kid</c> of every key the JWKS document publishes, the signing key first.</summary>
    public IReadOnlyList<string> PublishedKeyIds
    {
        get
        {
            lock (_gate)
            {
                CurrentKey();
                return [.. _published.Select(k => k.KeyId)];
            }
        }
    }

    /// <summary>
    /// For tests: a function applied to every ID token payload (a fresh <see cref="JsonObject"/> with
    /// <c>iss</c>, <c>sub</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>, <c>auth_time</c>, <c>nonce</c>,
    /// <c>at_hash</c>, <c>sid</c>) before it is signed; return the payload to sign. Set it to make the
    /// next ID tokens wrong in one way (another <c>iss</c>, <c>aud</c> or <c>sub</c>, an <c>exp</c> in the
    /// past, no or another <c>nonce</c>...), and back to <see langword="null"/> to stop.
    /// </summary>
    public Func<JsonObject, JsonObject>? IdTokenTransform
    {
        get => _transform;
        set => _transform = value;
    }

    /// <summary>
    /// For tests: when <see langword="true"/> ID tokens are signed by a key that the JWKS document does not
    /// publish, under the <c>kid</c> of the published signing key, so only a verified signature tells them
    /// apart. Default <see langword="false"/>.
    /// </summary>
    public bool SignIdTokensWithUnpublishedKey
    {
        get => _unpublishedSigning;
        set => _unpublishedSigning = value;
    }

    /// <summary>
    /// For tests: when set, the discovery document answers this HTTP status (e.g. 503) with an OAuth error
    /// body instead of the document; <see langword="null"/> (default) serves it again. The JWKS document is
    /// not affected.
    /// </summary>
    public int? DiscoveryStatusCode
    {
        get
        {
            lock (_gate)
            {
                return _discoveryStatusCode;
            }
        }

        set
        {
            if (value is < 100 or > 599)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "An HTTP status code is between 100 and 599.");
            }

            lock (_gate)
            {
                _discoveryStatusCode = value;
            }
        }
    }

    /// <summary>
    /// Creates a new signing key: later ID tokens carry its <c>kid</c> and the JWKS document lists it
    /// first. With <paramref name="keepPreviousKey"/> the previous signing key stays published next to it (a
    /// rollover) and only older ones are dropped; without it the JWKS document lists the new key alone.
    /// </summary>
    /// <param name="keepPreviousKey">Whether the previous key stays in the JWKS document.</param>
    /// <returns>The new key's <c>kid</c>.</returns>
    public string RotateSigningKey(bool keepPreviousKey = false)
    {
        var key = new SigningKey();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            CurrentKey();
            if (!keepPreviousKey)
            {
                _published.Clear();
            }
            else if (_published.Count > 1)
            {
                _published.RemoveRange(1, _published.Count - 1);
            }

            _published.Insert(0, key);
            _all.Add(key);
            return key.KeyId;
        }
    }

    /// <summary>Clears <see cref="IdTokenTransform"/>, <see cref="SignIdTokensWithUnpublishedKey"/> and <see cref="DiscoveryStatusCode"/>.</summary>
    public void ResetTestSettings()
    {
        IdTokenTransform = null;
        SignIdTokensWithUnpublishedKey = false;
        DiscoveryStatusCode = null;
    }

    /// <summary>Disposes the signing keys.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var key in _all)
            {
                key.Dispose();
            }

            _unpublished?.Dispose();
            _disposed = true;
            _all.Clear();
            _published.Clear();
            _unpublished = null;
        }
    }

    /// <summary>Signs an ID token for <paramref name="session"/>, after <see cref="IdTokenTransform"/>.</summary>
    internal string CreateIdToken(LoginSession session, string issuer, string accessToken, DateTimeOffset now, int lifetimeSeconds, bool includeNonce)
    {
        var payload = new JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = session.User.Guid,
            ["aud"] = session.Client.ClientId,
            ["exp"] = now.AddSeconds(lifetimeSeconds).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["auth_time"] = session.AuthenticatedAt.ToUnixTimeSeconds(),
        };
        if (includeNonce && session.Nonce is { Length: > 0 } nonce)
        {
            payload["nonce"] = nonce;
        }

        payload["at_hash"] = CompactJwt.AccessTokenHash(accessToken);
        payload["sid"] = session.Id;
        _sessions[session.Id] = session;
        if (_transform is { } transform)
        {
            payload = transform(payload) ?? throw new InvalidOperationException("IdTokenTransform returned null.");
        }

        lock (_gate)
        {
            var published = CurrentKey();
            var signer = _unpublishedSigning ? _unpublished ??= new SigningKey() : published;
            return CompactJwt.Create(signer, published.KeyId, payload);
        }
    }

    /// <summary>The payload of an ID token this provider signed (any key it ever published), expired or not; else <see langword="null"/>.</summary>
    internal JsonObject? ReadIdToken(string idToken)
    {
        lock (_gate)
        {
            return CompactJwt.Read(idToken, kid => _all.Find(k => k.KeyId == kid));
        }
    }

    /// <summary>The login an ID token's <c>sid</c> names.</summary>
    internal LoginSession? FindSession(string sid) => _sessions.TryGetValue(sid, out var session) ? session : null;

    internal void WriteJwks(Utf8JsonWriter writer)
    {
        lock (_gate)
        {
            CurrentKey();
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            foreach (var key in _published)
            {
                key.WriteJwk(writer);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>The signing key, created at first use. Call under the lock.</summary>
    private SigningKey CurrentKey()
    {
        if (_published.Count == 0)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var key = new SigningKey();
            _published.Add(key);
            _all.Add(key);
        }

        return _published[0];
    }
}
