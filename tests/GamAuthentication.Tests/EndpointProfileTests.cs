using GamAuthentication.Tests.Infrastructure;

namespace GamAuthentication.Tests;

/// <summary>Endpoints derived from <c>Authority</c> per <see cref="GamEndpointProfile"/>; explicit endpoints win.</summary>
public sealed class EndpointProfileTests
{
    public static TheoryData<GamEndpointProfile, string, string> Derivations()
    {
        var data = new TheoryData<GamEndpointProfile, string, string>();
        foreach (var (authority, baseUrl) in new[]
                 {
                     ("https://idp.example.com/MyApp", "https://idp.example.com/MyApp"),
                     ("https://idp.example.com/MyApp/", "https://idp.example.com/MyApp"),
                     ("https://idp.example.com/apps/MyApp.NetCore", "https://idp.example.com/apps/MyApp.NetCore"),
                     ("https://idp.example.com", "https://idp.example.com"),
                     ("https://idp.example.com/", "https://idp.example.com"),
                     ("https://idp.example.com:8443/MyApp", "https://idp.example.com:8443/MyApp"),
                 })
        {
            // OpenIdConnect has no fixed paths: its endpoints come from discovery (tests/GamAuthentication.OpenIdConnect.Tests).
            foreach (var profile in Enum.GetValues<GamEndpointProfile>().Where(p => p != GamEndpointProfile.OpenIdConnect))
            {
                data.Add(profile, authority, baseUrl);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Derivations))]
    public void Authority_expands_to_the_profiles_endpoints(GamEndpointProfile profile, string authority, string baseUrl)
    {
        var options = GamOptionsHost.Resolve(configure: o =>
        {
            GamOptionsHost.Valid(o);
            o.Authority = authority;
            o.EndpointProfile = profile;
        });

        var (token, userInfo) = profile switch
        {
            GamEndpointProfile.WebIdp => ("/oauth/gam/access_token", "/oauth/gam/userinfo"),
            GamEndpointProfile.RestIdp => ("/oauth/gam/v2.0/access_token", "/oauth/gam/v2.0/userinfo"),
            // Codes from /oauth/gam/signin are redeemed where they were issued (see GamPostConfigureOptions).
            GamEndpointProfile.GlobantEnterpriseAI => ("/oauth/gam/access_token", "/openid/userinfo"),
            _ => throw new ArgumentOutOfRangeException(nameof(profile)),
        };
        Assert.Equal(baseUrl + "/oauth/gam/signin", options.AuthorizationEndpoint);
        Assert.Equal(baseUrl + token, options.TokenEndpoint);
        Assert.Equal(baseUrl + userInfo, options.UserInformationEndpoint);
        Assert.Equal(baseUrl + "/oauth/gam/signout", options.EndSessionEndpoint);
    }

    [Theory]
    [InlineData(nameof(GamOptions.AuthorizationEndpoint))]
    [InlineData(nameof(GamOptions.TokenEndpoint))]
    [InlineData(nameof(GamOptions.UserInformationEndpoint))]
    [InlineData(nameof(GamOptions.EndSessionEndpoint))]
    public void Explicit_endpoint_wins_over_the_derived_one(string endpoint)
    {
        const string explicitUrl = "https://other.example.com/custom/path";
        var options = GamOptionsHost.Resolve(configure: o =>
        {
            GamOptionsHost.Valid(o);
            typeof(GamOptions).GetProperty(endpoint)!.SetValue(o, explicitUrl);
        });

        var endpoints = new Dictionary<string, string?>
        {
            [nameof(GamOptions.AuthorizationEndpoint)] = options.AuthorizationEndpoint,
            [nameof(GamOptions.TokenEndpoint)] = options.TokenEndpoint,
            [nameof(GamOptions.UserInformationEndpoint)] = options.UserInformationEndpoint,
            [nameof(GamOptions.EndSessionEndpoint)] = options.EndSessionEndpoint,
        };
        Assert.Equal(explicitUrl, endpoints[endpoint]);
        Assert.All(endpoints.Where(e => e.Key != endpoint), e => Assert.StartsWith("https://idp.example.com/MyApp/oauth/", e.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Explicit_endpoints_need_no_authority()
    {
        var options = GamOptionsHost.Resolve(configure: o =>
        {
            o.ClientId = "client";
            o.ClientSecret = "secret";
            o.AuthorizationEndpoint = "https://a.example.com/signin";
            o.TokenEndpoint = "https://a.example.com/token";
            o.UserInformationEndpoint = "https://a.example.com/me";
        });

        Assert.Equal("https://a.example.com/token", options.TokenEndpoint);
        Assert.Null(options.EndSessionEndpoint);
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, GamTokenStyle.Raw)]
    [InlineData(GamEndpointProfile.RestIdp, GamTokenStyle.Raw)]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, GamTokenStyle.Bearer)]
    public void Each_profile_has_its_default_token_style(GamEndpointProfile profile, GamTokenStyle expected)
    {
        var options = new GamOptions { EndpointProfile = profile };

        Assert.Null(options.UserInformationTokenStyle);
        Assert.Equal(expected, options.EffectiveUserInformationTokenStyle);
        Assert.Equal(expected, GamEndpoints.DefaultTokenStyle(profile));
    }

    [Theory]
    [InlineData(GamEndpointProfile.WebIdp, GamTokenStyle.FormPost)]
    [InlineData(GamEndpointProfile.GlobantEnterpriseAI, GamTokenStyle.Raw)]
    [InlineData(GamEndpointProfile.RestIdp, GamTokenStyle.OAuth)]
    public void Explicit_token_style_wins_over_the_profiles(GamEndpointProfile profile, GamTokenStyle style)
    {
        var options = new GamOptions { EndpointProfile = profile, UserInformationTokenStyle = style };

        Assert.Equal(style, options.EffectiveUserInformationTokenStyle);
    }

    [Theory]
    [InlineData("https://idp.example.com/MyApp", "/oauth/gam/signin", "https://idp.example.com/MyApp/oauth/gam/signin")]
    [InlineData("https://idp.example.com/MyApp/", "oauth/gam/signin", "https://idp.example.com/MyApp/oauth/gam/signin")]
    [InlineData("https://idp.example.com//", "/openid/userinfo", "https://idp.example.com/openid/userinfo")]
    public void Combine_joins_with_exactly_one_slash(string authority, string path, string expected)
    {
        Assert.Equal(expected, GamEndpoints.Combine(authority, path));
    }
}
