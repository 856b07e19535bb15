namespace GamAuthentication.Health;

/// <summary>
/// What one health check probes: GAM's userinfo endpoint (or, for an OpenID Connect scheme whose endpoints are
/// discovered, the provider's discovery document), the backchannel that reaches it and the clock its timeout
/// runs on; or, when the check is misconfigured (unknown scheme, not a GAM scheme, bad options), why nothing can be probed.
/// </summary>
internal sealed class GamHealthTarget
{
    private GamHealthTarget(Uri? endpoint, HttpClient? client, int maxResponseBytes, TimeProvider time, string? scheme, string? problem, bool isDiscoveryDocument = false)
    {
        IsDiscoveryDocument = isDiscoveryDocument;
        Endpoint = endpoint;
        Client = client;
        MaxResponseBytes = maxResponseBytes;
        Time = time;
        Scheme = scheme;
        Problem = problem;
    }

    /// <summary>The userinfo endpoint as configured (its query, if any, is sent but never shown).</summary>
    public Uri? Endpoint { get; }

    /// <summary>Whether <see cref="Endpoint"/> is an OpenID Connect discovery document rather than a userinfo endpoint.</summary>
    public bool IsDiscoveryDocument { get; }

    /// <summary>The backchannel: the scheme's, or the health check's own <see cref="IHttpClientFactory"/> client.</summary>
    public HttpClient? Client { get; }

    public int MaxResponseBytes { get; }

    public TimeProvider Time { get; }

    /// <summary>The authentication scheme probed, when the check was registered by scheme.</summary>
    public string? Scheme { get; }

    /// <summary>Why nothing can be probed (safe to show), or null.</summary>
    public string? Problem { get; }

    public static GamHealthTarget Probe(Uri endpoint, HttpClient client, int maxResponseBytes, TimeProvider? time, string? scheme) =>
        new(endpoint, client, maxResponseBytes > 0 ? maxResponseBytes : GamDefaults.MaxResponseBytes, time ?? TimeProvider.System, scheme, null);

    public static GamHealthTarget Discovery(Uri metadataAddress, HttpClient client, int maxResponseBytes, TimeProvider? time, string? scheme) =>
        new(metadataAddress, client, maxResponseBytes > 0 ? maxResponseBytes : GamDefaults.MaxResponseBytes, time ?? TimeProvider.System, scheme, null, isDiscoveryDocument: true);

    public static GamHealthTarget Unusable(string problem, string? scheme) =>
        new(null, null, 0, TimeProvider.System, scheme, problem);
}
