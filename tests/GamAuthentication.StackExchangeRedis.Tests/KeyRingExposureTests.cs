using System.Security.Claims;
using GamAuthentication.StackExchangeRedis.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace GamAuthentication.StackExchangeRedis.Tests;

/// <summary>
/// The shared key ring puts Redis inside the trust boundary: the keys lie there as the instances wrote them, so whoever
/// can read Redis can protect anything an instance believes. This proves what PACKAGE.md warns about.
/// </summary>
public sealed class KeyRingExposureTests
{
    [Fact]
    public async Task Whoever_reads_the_key_ring_in_Redis_can_mint_a_sign_in_cookie_for_any_user()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A");
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);

        // The attacker reads the list of keys with their own client; no instance, no secret of the app.
        using var attacker = await ConnectionMultiplexer.ConnectAsync(farm.Redis.Endpoint);
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("GamAuthentication").DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new RedisXmlRepository(() => attacker.GetDatabase(), "gam:data-protection-keys"));
        using var stolen = services.BuildServiceProvider();
        var cookies = new TicketDataFormat(stolen.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2"));
        var mallory = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "mallory")], "Cookies"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Add("Cookie", ".AspNetCore.Cookies=" + cookies.Protect(new AuthenticationTicket(mallory, "Cookies")));

        using var response = await a.Client.SendAsync(request);

        Assert.Equal("mallory", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_app_with_another_application_name_on_the_same_Redis_does_not_accept_the_cookie()
    {
        await using var farm = await Farm.StartAsync();
        var a = await farm.MvcAsync("A");
        var other = await farm.MvcAsync("Other", o => o.ApplicationName = "AnotherApp");
        var browser = new Browser(farm);
        await browser.SignInAsync(a, a);

        Assert.Equal("demo", await browser.TextAsync(a, "/whoami"));
        await browser.TextAsync(other, "/whoami", System.Net.HttpStatusCode.Unauthorized);
    }
}
