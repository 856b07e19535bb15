using System.Net;
using GamAuthentication.Protocol;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;

namespace GamAuthentication.Tests;

/// <summary>How the access token is presented to userinfo, per <see cref="GamTokenStyle"/>.</summary>
public sealed class TokenStyleTests
{
    private const string Token = "5b9c1f0e-7a4d-4c38-9e61-2f8a3d5c7b90!0123456789abcdef";

    private static async Task<RecordedRequest> CallUserInfoAsync(GamTokenStyle style)
    {
        var handler = new RecordingHttpHandler().RespondTo("/userinfo", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, "{\"guid\":\"g\"}"));
        using var client = new HttpClient(handler);
        using var result = await GamUserInfoClient.GetAsync(client, TimeProvider.System, new Uri("https://idp.example.com/MyApp/oauth/gam/userinfo"), Token, style, 65536, CancellationToken.None);
        Assert.Equal(GamUserInfoStatus.Success, result.Status);
        return Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Raw_style_sends_the_bare_token_in_Authorization()
    {
        var request = await CallUserInfoAsync(GamTokenStyle.Raw);

        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(Token, request.Authorization);
        Assert.Equal(string.Empty, request.Body);
    }

    [Fact]
    public async Task OAuth_style_sends_OAuth_prefix_and_the_GeneXus_agent()
    {
        var request = await CallUserInfoAsync(GamTokenStyle.OAuth);

        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("OAuth " + Token, request.Authorization);
        Assert.Equal("SmartDevice Application", string.Join(",", request.Headers.GetValues("GeneXus-Agent")));
    }

    [Fact]
    public async Task Bearer_style_sends_Bearer_prefix()
    {
        var request = await CallUserInfoAsync(GamTokenStyle.Bearer);

        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("Bearer " + Token, request.Authorization);
    }

    [Fact]
    public async Task FormPost_style_posts_access_token_in_the_form_and_no_Authorization()
    {
        var request = await CallUserInfoAsync(GamTokenStyle.FormPost);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Null(request.Authorization);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(Token, request.Form["access_token"]);
    }

    [Theory]
    [InlineData(GamTokenStyle.Raw)]
    [InlineData(GamTokenStyle.OAuth)]
    [InlineData(GamTokenStyle.Bearer)]
    [InlineData(GamTokenStyle.FormPost)]
    public async Task Sign_in_presents_the_issued_token_in_the_configured_style(GamTokenStyle style)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.UserInformationTokenStyle = style);
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        var token = (await GamTestHost.GetClaimsAsync(browser))!.Tokens["access_token"];
        var userInfo = Assert.Single(host.Backchannel.Requests, r => r.Uri.AbsolutePath.EndsWith("/userinfo", StringComparison.Ordinal));
        var presented = style switch
        {
            GamTokenStyle.Raw => userInfo.Authorization,
            GamTokenStyle.OAuth => userInfo.Authorization,
            GamTokenStyle.Bearer => userInfo.Authorization,
            _ => userInfo.Form["access_token"],
        };
        var prefix = style switch
        {
            GamTokenStyle.OAuth => "OAuth ",
            GamTokenStyle.Bearer => "Bearer ",
            _ => string.Empty,
        };
        Assert.Equal(prefix + token, presented);
        Assert.Equal(style == GamTokenStyle.FormPost ? HttpMethod.Post : HttpMethod.Get, userInfo.Method);
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, "")]
    [InlineData(GamEndpointProfile.RestIdp, "")]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, "Bearer ")]
    public async Task Sign_in_uses_the_profiles_default_style(GamEndpointProfile profile, string prefix)
    {
        await using var host = await GamTestHost.StartAsync(o => o.Gam = gam => gam.EndpointProfile = profile);
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);

        var token = (await GamTestHost.GetClaimsAsync(browser))!.Tokens["access_token"];
        var userInfo = Assert.Single(host.Backchannel.Requests, r => r.Uri.AbsolutePath.EndsWith("/userinfo", StringComparison.Ordinal));
        Assert.Equal(prefix + token, userInfo.Authorization);
    }
}
