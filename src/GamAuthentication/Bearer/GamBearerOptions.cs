using GamAuthentication.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OAuth.Claims;

namespace GamAuthentication.Bearer;

/// <summary>
/// Options of the GAM bearer handler (<c>AddGamBearer()</c>), which protects APIs with opaque GAM access
/// tokens checked against GAM's userinfo endpoint. Bind from configuration section
/// <c>Authentication:Schemes:{scheme}</c> or set in code.
/// </summary>
public sealed class GamBearerOptions : AuthenticationSchemeOptions, Configuration.IGamConfiguredOptions
{
    /// <summary>Creates options with the defaults: every userinfo field mapped to claims, one-minute cache,
    /// ten-second negative cache, <c>Authorization: Bearer</c> only.</summary>
    public GamBearerOptions()
    {
        ClaimActions.MapGamUserInfo();
        Events = new GamBearerEvents();
    }

    /// <summary>
    /// The GAM base URL including its virtual directory, e.g. <c>https://idp.example.com/MyApp</c>.
    /// <see cref="UserInformationEndpoint"/> is derived from it by <see cref="EndpointProfile"/> when not set.
    /// Must use https except for loopback hosts.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>Which family of endpoints <see cref="Authority"/> expands to. Default: <see cref="GamEndpointProfile.WebIdp"/>.</summary>
    public GamEndpointProfile EndpointProfile { get; set; } = GamEndpointProfile.WebIdp;

    /// <summary>
    /// With <see cref="GamEndpointProfile.OpenIdConnect"/>: the provider's discovery document, where the userinfo endpoint
    /// is found. Default (null): <c>{Authority}/.well-known/openid-configuration</c>. Must use https except for loopback hosts.
    /// </summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The OpenID Connect library behind <see cref="GamEndpointProfile.OpenIdConnect"/>, when registered.</summary>
    internal Discovery.IGamOpenIdConnectProvider? OpenIdConnectProvider { get; set; }

    /// <summary>GAM's userinfo endpoint. Derived from <see cref="Authority"/> and <see cref="EndpointProfile"/> when not set.</summary>
    public string? UserInformationEndpoint { get; set; }

    /// <summary>
    /// How the token is presented to the userinfo endpoint. When null (the default), the profile decides:
    /// <see cref="GamTokenStyle.Raw"/> for GAM, <see cref="GamTokenStyle.Bearer"/> for Globant Enterprise AI.
    /// </summary>
    public GamTokenStyle? UserInformationTokenStyle { get; set; }

    /// <summary>The token style actually used for userinfo: <see cref="UserInformationTokenStyle"/> or the profile's default.</summary>
    internal GamTokenStyle EffectiveUserInformationTokenStyle =>
        UserInformationTokenStyle ?? GamEndpoints.DefaultTokenStyle(EndpointProfile);

    /// <summary>Require https for the userinfo endpoint except on loopback hosts. Default: true.</summary>
    public bool RequireHttpsEndpoints { get; set; } = true;

    /// <summary>The largest userinfo response accepted from GAM, in bytes. Default: 256 KiB.</summary>
    public int MaxResponseBytes { get; set; } = GamDefaults.MaxResponseBytes;

    /// <summary>
    /// The HTTP client used to call GAM. When null, a client named
    /// <see cref="GamDefaults.BackchannelClientName"/> (<c>GamAuthentication.{scheme}</c>) is taken from
    /// <see cref="IHttpClientFactory"/>, so it can be configured with <c>AddHttpClient(name)</c>.
    /// </summary>
    public HttpClient? Backchannel { get; set; }

    /// <summary>A message handler for the backchannel, used instead of <see cref="IHttpClientFactory"/> when set (e.g. in tests).</summary>
    public HttpMessageHandler? BackchannelHttpHandler { get; set; }

    /// <summary>
    /// How long one userinfo call may take before GAM counts as unavailable (answer 503). The call is shared
    /// by every request waiting for the same token and runs under this timeout, not under any request's
    /// cancellation. Default: 10 seconds.
    /// </summary>
    public TimeSpan BackchannelTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The claim map applied to the userinfo object. Pre-filled with the shared GAM map
    /// (<see cref="GamClaimActionCollectionExtensions.MapGamUserInfo"/>), the same one <c>AddGam()</c> uses.
    /// </summary>
    public ClaimActionCollection ClaimActions { get; } = [];

    /// <summary>The <c>realm</c> of <c>WWW-Authenticate</c> challenges. Default (null): the scheme name.</summary>
    public string? Realm { get; set; }

    /// <summary>
    /// Add <c>error_description</c> to <c>invalid_token</c> and <c>invalid_request</c> challenges. The
    /// descriptions name GAM's error code at most; they never contain the token. Default: true.
    /// </summary>
    public bool IncludeErrorDetails { get; set; } = true;

    /// <summary>
    /// Keep the access token in the authentication properties, for <c>HttpContext.GetTokenAsync("access_token")</c>.
    /// Default: true.
    /// </summary>
    public bool SaveToken { get; set; } = true;

    /// <summary>Also accept <c>Authorization: OAuth &lt;token&gt;</c>, the form GeneXus clients send. Default: false.</summary>
    public bool AllowOAuthScheme { get; set; }

    /// <summary>Also accept a bare <c>Authorization: &lt;token&gt;</c> with no scheme, as GAM's own documentation shows. Default: false.</summary>
    public bool AllowBareToken { get; set; }

    /// <summary>The longest token accepted, in characters; longer ones answer 400 without calling GAM. Default: 4096.</summary>
    public int MaxTokenLength { get; set; } = 4096;

    /// <summary>
    /// Characters accepted in a token beyond the default set: RFC 6750's b64token (letters, digits, <c>- . _ ~ + /</c>,
    /// and <c>=</c> only at the end) plus <c>!</c> and <c>@</c>, which GAM's tokens contain. A token with any other
    /// character answers 400 <c>invalid_request</c> without calling GAM. Widen it only for an identity provider
    /// whose tokens need it, e.g. <c>":"</c>; visible ASCII only. Read once, at the scheme's first request. Default: none.
    /// </summary>
    public string? AdditionalTokenCharacters { get; set; }

    private System.Buffers.SearchValues<char>? _tokenCharacters;

    /// <summary>The accepted token characters (see <see cref="AdditionalTokenCharacters"/>), built once.</summary>
    internal System.Buffers.SearchValues<char> TokenCharacters =>
        _tokenCharacters ??= System.Buffers.SearchValues.Create(GamBearerTokenReader.DefaultTokenCharacters + AdditionalTokenCharacters);

    /// <summary>
    /// How long a token GAM accepted stays accepted without asking GAM again (in memory and in the
    /// distributed cache). This is the trade-off between load on GAM and revocation: a token revoked in GAM
    /// (sign-out, administrator) still works for up to this long unless revoked locally with
    /// <see cref="GamBearerTokenCache.RevokeAsync(string, CancellationToken)"/> (which <c>AddGam()</c>'s sign-out
    /// does); a local revocation lasts this long too. <see cref="TimeSpan.Zero"/> asks GAM on every request
    /// (requests for the same token at the same moment still share one call). Default: 1 minute.
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a token GAM rejected stays rejected without asking GAM again, so a client retrying a bad
    /// token cannot load GAM. <see cref="TimeSpan.Zero"/> turns negative caching off. Default: 10 seconds.
    /// </summary>
    public TimeSpan NegativeCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Cache validation results in process memory (L1). Default: true.</summary>
    public bool EnableMemoryCache { get; set; } = true;

    /// <summary>
    /// The bound of the in-memory cache, in approximate bytes of cached claims; when full, new results are
    /// not cached until expired ones are removed, so a flood of distinct tokens cannot exhaust memory.
    /// Read once, when the scheme first needs its cache (its first request, or the first
    /// <see cref="GamBearerTokenCache.RevokeAsync(string, CancellationToken)"/>): later options reloads do
    /// not change it. Default: 64 MiB.
    /// </summary>
    public long MemoryCacheSizeLimit { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Cache validation results in the application's <c>IDistributedCache</c> (L2, e.g. Redis), shared by
    /// every instance of the API. Null (the default, "auto"): on when an <c>IDistributedCache</c> is
    /// registered, <b>except</b> the in-process <c>MemoryDistributedCache</c> (what <c>AddDistributedMemoryCache()</c>
    /// and some frameworks register), which is ignored: it would only duplicate L1 in the same process. True
    /// uses whatever <c>IDistributedCache</c> is registered, that one included, and requires one to be registered.
    /// </summary>
    public bool? EnableDistributedCache { get; set; }

    /// <summary>
    /// The prefix of distributed-cache keys; the key is the prefix followed by base64url(SHA-256(token)).
    /// Default (null): <c>GamAuthentication:Bearer:{scheme}:{endpoint}:</c>, where <c>{endpoint}</c> is 8
    /// base64url characters of SHA-256(<see cref="UserInformationEndpoint"/>), so APIs against different GAMs
    /// never share entries. A prefix set here is used exactly as given. Give each API its own prefix when
    /// several APIs with different claim maps share one cache. Like the keys of the payloads (always derived
    /// for the scheme and the userinfo endpoint), it is fixed when the scheme first needs its cache: later
    /// options reloads do not change it.
    /// </summary>
    public string? DistributedCacheKeyPrefix { get; set; }

    /// <summary>
    /// Encrypt distributed-cache payloads (userinfo is personal data): AES-256-GCM under a key the instances share
    /// through the cache, itself protected with ASP.NET Core Data Protection, so instances that share the cache must
    /// share the Data Protection key ring. <c>false</c> stores payloads readable but still authenticated (HMAC-SHA256
    /// under a key shared the same way). Keys are derived for the scheme and the userinfo endpoint when the scheme
    /// first needs its cache (later options reloads do not change it). Default: true.
    /// </summary>
    public bool ProtectDistributedCache { get; set; } = true;

    /// <summary>How long a distributed-cache read or write may take before it counts as failed. Default: 500 ms.</summary>
    public TimeSpan DistributedCacheTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// After a distributed-cache failure (exception or timeout), how long the distributed cache is bypassed
    /// so a dead cache does not add its timeout to every request. Default: 30 seconds.
    /// </summary>
    public TimeSpan DistributedCacheFailureBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The <c>Retry-After</c> of 503 answers when GAM is unavailable and did not send its own. Default: 5 seconds.
    /// </summary>
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The event handlers, shaped like JwtBearer's.</summary>
    public new GamBearerEvents Events
    {
        get => (GamBearerEvents)base.Events!;
        set => base.Events = value;
    }

    /// <summary>What configuration binding could not use (bad values, unknown keys), reported by validation.</summary>
    List<string> Configuration.IGamConfiguredOptions.ConfigurationProblems { get; } = [];

    internal List<string> ConfigurationProblems => ((Configuration.IGamConfiguredOptions)this).ConfigurationProblems;

    /// <summary>Whether the app registered an <c>IDistributedCache</c> (set when the options are built).</summary>
    internal bool DistributedCacheRegistered { get; set; }

    /// <summary>Checks the options; throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming every bad setting.</summary>
    public override void Validate() => GamBearerOptionsValidator.ThrowIfInvalid(this, scheme: null);

    /// <summary>
    /// Checks the options of <paramref name="scheme"/> (the framework calls this when it builds them; the app checks
    /// every scheme at start-up); throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming
    /// every bad setting and its configuration key <c>Authentication:Schemes:{scheme}:{setting}</c>.
    /// </summary>
    /// <param name="scheme">The authentication scheme name.</param>
    public override void Validate(string scheme) => GamBearerOptionsValidator.ThrowIfInvalid(this, scheme);

    /// <summary>The distributed-cache key prefix in effect for <paramref name="scheme"/>.</summary>
    /// <param name="scheme">The scheme name.</param>
    /// <returns><see cref="DistributedCacheKeyPrefix"/> or the default.</returns>
    internal string EffectiveDistributedCacheKeyPrefix(string scheme) =>
        DistributedCacheKeyPrefix ?? "GamAuthentication:Bearer:" + scheme + ":" + UserInformationEndpointId() + ":";

    /// <summary>
    /// Which identity provider answers: <see cref="UserInformationEndpoint"/>, or, when it is discovered
    /// (<see cref="GamEndpointProfile.OpenIdConnect"/>), the discovery document's address.
    /// </summary>
    internal string AnsweringEndpoint =>
        !string.IsNullOrWhiteSpace(UserInformationEndpoint) ? UserInformationEndpoint
        : Discovery.GamDiscovery.MetadataAddress(MetadataAddress, Authority)?.ToString() ?? string.Empty;

    /// <summary>
    /// 8 base64url characters of SHA-256(<see cref="AnsweringEndpoint"/>): which provider answered. Part of the
    /// default L2 key prefix and of the payload keys' derivation, so APIs with the same scheme name against
    /// different providers never accept each other's cached answers from a shared cache.
    /// </summary>
    internal string UserInformationEndpointId()
    {
        Span<byte> hash = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AnsweringEndpoint), hash);
        return System.Buffers.Text.Base64Url.EncodeToString(hash[..6]);
    }
}
