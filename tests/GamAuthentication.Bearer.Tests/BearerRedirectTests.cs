using System.Collections.Concurrent;
using System.Net;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// GAM's userinfo answers the bearer handler's call with a redirect to an origin that accepts every token as its
/// Administrator. The API must answer 503 with Retry-After (GAM unavailable or misconfigured), cache nothing in
/// either level, and send the token nowhere else. Real Kestrel on loopback; the real client from IHttpClientFactory.
/// </summary>
public sealed class BearerRedirectTests : IAsyncLifetime
{
    private RedirectingGam _gam = null!;

    public async Task InitializeAsync() => _gam = await RedirectingGam.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_from_userinfo_answers_503_caches_nothing_and_reaches_nobody(int status)
    {
        var writes = new WriteRecordingCache();
        await using var api = await StartApiAsync(o => o.EnableDistributedCache = true, s => s.AddSingleton<IDistributedCache>(writes));
        var token = _gam.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        _gam.Redirect("/oauth/gam/userinfo", status);

        using var me = await api.GetWithTokenAsync("/me", token);
        using var admin = await api.GetWithTokenAsync("/admin", "any-made-up-token");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, me.StatusCode);
        Assert.Equal("5", me.Header("Retry-After"));
        Assert.Null(me.WwwAuthenticate());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, admin.StatusCode);
        Assert.Empty(_gam.ForeignReceived);
        Assert.Empty(writes.Keys);
        Assert.Contains(api.Logs.Lines(LogLevel.Warning), l => l.Contains($"a redirect to {_gam.ForeignOrigin}", StringComparison.Ordinal));

        // GAM is back: the token is asked about again (nothing was cached) and is the demo user's, not an Administrator.
        _gam.StopRedirecting();
        using var again = await api.GetWithTokenAsync("/me", token);
        using var forbidden = await api.GetWithTokenAsync("/admin", token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"name\":\"demo\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(1, _gam.Emulator.GetCallCount(GamEmulatorEndpoint.UserInfo));
    }

    [Fact]
    public async Task A_moved_GAM_is_an_outage_not_an_invalid_token()
    {
        // Following a 301 would drop Authorization and the new host would say "no token": that must not become a
        // cached 401 for a good token.
        await using var api = await StartApiAsync();
        var token = _gam.Emulator.IssueToken(GamEmulatorDefaults.DemoUserName).AccessToken;
        _gam.Redirect("/oauth/gam/userinfo", 301);

        using var first = await api.GetWithTokenAsync("/me", token);
        _gam.StopRedirecting();
        using var second = await api.GetWithTokenAsync("/me", token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task A_primary_handler_the_app_configured_to_follow_redirects_is_made_to_refuse_them()
    {
        await using var api = await StartApiAsync(services: s => s
            .AddHttpClient(GamDefaults.BackchannelClientName(GamBearerDefaults.AuthenticationScheme))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true }));
        _gam.Redirect("/oauth/gam/userinfo", 307);

        using var response = await api.GetWithTokenAsync("/admin", "made-up");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Empty(_gam.ForeignReceived);
    }

    [Fact]
    public async Task The_answer_of_a_backchannel_set_in_code_that_followed_a_redirect_is_not_believed()
    {
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        await using var api = await StartApiAsync(o => o.Backchannel = following);
        _gam.Redirect("/oauth/gam/userinfo", 307);

        using var response = await api.GetWithTokenAsync("/admin", "made-up");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotEmpty(_gam.ForeignReceived);
        Assert.Contains(api.Logs.Lines(), l => l.Contains("the backchannel followed a redirect", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backchannel_handler_that_follows_redirects_stops_start_up()
    {
        using var handler = new HttpClientHandler();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartApiAsync(o => o.BackchannelHttpHandler = handler));

        Assert.Contains("follows redirects: set AllowAutoRedirect = false", failure.Message, StringComparison.Ordinal);
    }

    private Task<ApiTestHost> StartApiAsync(Action<GamBearerOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        ApiTestHost.StartAsync(null, o =>
        {
            o.Authority = _gam.Authority;
            configure?.Invoke(o);
        }, services, useFaultHandler: false);

    /// <summary>An in-process cache that remembers which keys were written.</summary>
    private sealed class WriteRecordingCache : IDistributedCache
    {
        private readonly MemoryDistributedCache _inner = new(Options.Create(new MemoryDistributedCacheOptions()));

        public ConcurrentBag<string> Keys { get; } = [];

        public byte[]? Get(string key) => _inner.Get(key);

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _inner.GetAsync(key, token);

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
        {
            Keys.Add(key);
            _inner.Set(key, value, options);
        }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
        {
            Keys.Add(key);
            return _inner.SetAsync(key, value, options, token);
        }

        public void Refresh(string key) => _inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => _inner.RefreshAsync(key, token);

        public void Remove(string key) => _inner.Remove(key);

        public Task RemoveAsync(string key, CancellationToken token = default) => _inner.RemoveAsync(key, token);
    }
}
