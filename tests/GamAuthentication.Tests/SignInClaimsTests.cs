using System.Net;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;

namespace GamAuthentication.Tests;

/// <summary>The handler turns a real userinfo answer into exactly the claims of the shared map.</summary>
public sealed class SignInClaimsTests
{
    public static TheoryData<string> Samples => new(UserInfoSamples.ByName.Keys);

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Signed_in_user_has_exactly_the_claims_of_the_map_for_each_sample(string sample)
    {
        await using var host = await GamTestHost.StartAsync();
        var json = UserInfoSamples.ByName[sample];
        host.Backchannel.RespondTo("/userinfo", _ => RecordingHttpHandler.Json(HttpStatusCode.OK, json));
        using var browser = host.CreateBrowser();

        using var final = await GamTestHost.SignInAsync(browser);
        var view = await GamTestHost.GetClaimsAsync(browser);

        Assert.NotNull(view);
        var expected = ClaimMappingTests.Map(json).Claims.Select(c => new ClaimDto(c.Type, c.Value, c.ValueType, "Gam"));
        Assert.Equal(expected, view.Claims);
    }
}
