using System.Net;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace GamAuthentication.Tests;

/// <summary>The backchannel is the <see cref="IHttpClientFactory"/> client named <c>GamAuthentication.{scheme}</c>.</summary>
public sealed class BackchannelTests
{
    private static RecordingHttpHandler Answering() =>
        new RecordingHttpHandler { Respond = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent)) };

    [Theory]
    [InlineData("Gam")]
    [InlineData("Corp")]
    public async Task Backchannel_goes_through_the_primary_handler_of_the_schemes_named_client(string scheme)
    {
        var mine = Answering();
        var other = Answering();
        var options = GamOptionsHost.Resolve(scheme: scheme, configure: GamOptionsHost.Valid, services: s =>
        {
            s.AddHttpClient(GamDefaults.BackchannelClientName(scheme)).ConfigurePrimaryHttpMessageHandler(() => mine);
            s.AddHttpClient(GamDefaults.BackchannelClientName(scheme == "Gam" ? "Corp" : "Gam")).ConfigurePrimaryHttpMessageHandler(() => other);
        });

        using var response = await options.Backchannel.GetAsync(new Uri("https://idp.example.com/MyApp/probe"));

        Assert.Equal("GamAuthentication." + scheme, GamDefaults.BackchannelClientName(scheme));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://idp.example.com/MyApp/probe", Assert.Single(mine.Requests).Uri.ToString());
        Assert.Empty(other.Requests);
    }

    [Fact]
    public void Each_scheme_asks_the_factory_for_its_own_named_client_once()
    {
        var factory = new Mock<IHttpClientFactory>();
        factory.Setup(f => f.CreateClient(It.IsAny<string>())).Returns(() => new HttpClient());
        using var provider = GamOptionsHost.Build(configure: GamOptionsHost.Valid, services: s =>
        {
            s.AddAuthentication().AddGam("Corp", GamOptionsHost.Valid);
            s.AddSingleton(factory.Object);
        });
        var monitor = provider.GetRequiredService<IOptionsMonitor<GamOptions>>();

        var gam = monitor.Get("Gam").Backchannel;
        var corp = monitor.Get("Corp").Backchannel;
        Assert.Same(gam, monitor.Get("Gam").Backchannel);

        Assert.NotSame(gam, corp);
        factory.Verify(f => f.CreateClient("GamAuthentication.Gam"), Times.Once);
        factory.Verify(f => f.CreateClient("GamAuthentication.Corp"), Times.Once);
        factory.VerifyNoOtherCalls();
    }

    [Fact]
    public void Backchannel_set_in_code_is_kept_and_the_factory_is_not_asked()
    {
        var factory = new Mock<IHttpClientFactory>(MockBehavior.Strict);
        using var own = new HttpClient();
        using var provider = GamOptionsHost.Build(configure: o =>
        {
            GamOptionsHost.Valid(o);
            o.Backchannel = own;
        }, services: s => s.AddSingleton(factory.Object));

        Assert.Same(own, provider.GetRequiredService<IOptionsMonitor<GamOptions>>().Get("Gam").Backchannel);
        factory.VerifyNoOtherCalls();
    }

    [Fact]
    public void Backchannel_takes_the_timeout_and_a_user_agent()
    {
        var options = GamOptionsHost.Resolve(configure: o =>
        {
            GamOptionsHost.Valid(o);
            o.BackchannelTimeout = TimeSpan.FromSeconds(9);
        }, services: s => s.AddHttpClient(GamDefaults.BackchannelClientName("Gam")).ConfigurePrimaryHttpMessageHandler(Answering));

        Assert.Equal(TimeSpan.FromSeconds(9), options.Backchannel.Timeout);
        Assert.Contains(options.Backchannel.DefaultRequestHeaders.UserAgent, p => p.Product?.Name == "GamAuthentication");
    }

    [Fact]
    public async Task Explicit_BackchannelHttpHandler_is_used_instead_of_the_factory()
    {
        var factoryHandler = Answering();
        var explicitHandler = Answering();
        var options = GamOptionsHost.Resolve(configure: o =>
        {
            GamOptionsHost.Valid(o);
            o.BackchannelHttpHandler = explicitHandler;
        }, services: s => s.AddHttpClient(GamDefaults.BackchannelClientName("Gam")).ConfigurePrimaryHttpMessageHandler(() => factoryHandler));

        using var response = await options.Backchannel.GetAsync(new Uri("https://idp.example.com/x"));

        Assert.Single(explicitHandler.Requests);
        Assert.Empty(factoryHandler.Requests);
    }

    [Fact]
    public async Task Sign_in_calls_gam_only_through_the_named_client()
    {
        // GamTestHost configures only GamAuthentication.Gam to reach the in-process server; a plain HttpClient would
        // try a real network connection to https://localhost and fail the sign-in.
        await using var host = await GamTestHost.StartAsync();
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal(["/gam/oauth/gam/access_token", "/gam/oauth/gam/userinfo"], host.Backchannel.Requests.Select(r => r.Uri.AbsolutePath));
        Assert.All(host.Backchannel.Requests, r => Assert.Contains("GamAuthentication", r.Headers.UserAgent.ToString(), StringComparison.Ordinal));
    }
}
