using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GamAuthentication.Tokens.Tests;

/// <summary>
/// A web app signed in with cookies + AddGam against the emulator, whose <c>/call</c> endpoints call the downstream
/// API on behalf of the user through <c>AddGamUserAccessToken</c>.
/// </summary>
internal static class UserAppHost
{
    public const string ApiClient = "api";

    public static Task<TokensHost> StartAsync(
        Action<GamEmulatorOptions>? emulator = null,
        Action<GamUserAccessTokenOptions>? userTokens = null,
        Action<GamOptions>? gam = null,
        Action<IServiceCollection>? services = null,
        IDictionary<string, string?>? configuration = null,
        Action<WebApplication>? endpoints = null) =>
        TokensHost.StartAsync(emulator,
            b =>
            {
                if (configuration is not null)
                {
                    b.Configuration.AddInMemoryCollection(configuration);
                }

                b.Services.AddAuthentication(o =>
                    {
                        o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                        o.DefaultChallengeScheme = GamDefaults.AuthenticationScheme;
                    })
                    .AddCookie()
                    .AddGam(o =>
                    {
                        // Tests run on plain http: keep the correlation cookie over http.
                        o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                        o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                        o.Authority = TokensHost.Authority;
                        o.ClientId = GamEmulatorDefaults.ClientId;
                        o.ClientSecret = GamEmulatorDefaults.ClientSecret;
                        gam?.Invoke(o);
                    });
                b.Services.AddAuthorization();
                b.Services.AddHttpClient(ApiClient, c => c.BaseAddress = new Uri(TokensHost.BaseUrl)).AddGamUserAccessToken(userTokens);
                services?.Invoke(b.Services);
            },
            app =>
            {
                endpoints?.Invoke(app);
                app.MapGet("/test/signin", TestSignInAsync);
                app.MapGet("/call", async (IHttpClientFactory factory) =>
                {
                    using var response = await factory.CreateClient(ApiClient).GetAsync("/api/me");
                    return Results.Text(await response.Content.ReadAsStringAsync(), "text/plain", statusCode: (int)response.StatusCode);
                });
                app.MapGet("/call-many", async (IHttpClientFactory factory, int n) =>
                {
                    var client = factory.CreateClient(ApiClient);
                    var statuses = await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
                    {
                        using var response = await client.GetAsync("/api/me");
                        return (int)response.StatusCode;
                    }));
                    return Results.Json(statuses);
                });
                app.MapGet("/tokens", async (HttpContext context) =>
                {
                    var result = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    return result.Succeeded
                        ? Results.Json(new
                        {
                            access = result.Properties!.GetTokenValue("access_token"),
                            refresh = result.Properties.GetTokenValue("refresh_token"),
                            expiresAt = result.Properties.GetTokenValue("expires_at"),
                            scope = result.Properties.GetTokenValue("scope"),
                            userGuid = result.Properties.GetTokenValue("user_guid"),
                        })
                        : Results.Unauthorized();
                });
                app.MapGet("/challenge", (string? returnUrl) =>
                    Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl ?? "/tokens" }, [GamDefaults.AuthenticationScheme]));
                app.MapGet("/signout-both", () =>
                    Results.SignOut(new AuthenticationProperties { RedirectUri = "/bye" }, [CookieAuthenticationDefaults.AuthenticationScheme, GamDefaults.AuthenticationScheme]));
                app.MapGet("/signout", (string? returnUrl) =>
                    Results.SignOut(new AuthenticationProperties { RedirectUri = returnUrl }, [GamDefaults.AuthenticationScheme]));
            });

    /// <summary>Signs a user in as AddGam would have saved the tokens (a login started directly at the emulator).</summary>
    private static async Task<IResult> TestSignInAsync(HttpContext context, GamEmulator emulator, TimeProvider clock, string user, bool? noTokens)
    {
        var issued = emulator.IssueToken(user);
        var tokens = noTokens == true ? [] : new List<AuthenticationToken>
        {
            new() { Name = "access_token", Value = issued.AccessToken },
            new() { Name = "token_type", Value = issued.TokenType },
        };
        if (issued.RefreshToken.Length > 0 && noTokens != true)
        {
            tokens.Add(new() { Name = "refresh_token", Value = issued.RefreshToken });
        }

        if (issued.ExpiresIn > 0 && noTokens != true)
        {
            tokens.Add(new() { Name = "expires_at", Value = clock.GetUtcNow().AddSeconds(issued.ExpiresIn).ToString("o", CultureInfo.InvariantCulture) });
        }

        var properties = new AuthenticationProperties();
        properties.StoreTokens(tokens);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user)], "test"));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, properties);
        return Results.Ok();
    }

    public static async Task<CookieJar> SignInAsync(TokensHost host, HttpClient client, string user = "demo", bool noTokens = false)
    {
        var jar = new CookieJar();
        var response = await jar.GetAsync(client, "/test/signin?user=" + user + (noTokens ? "&noTokens=true" : ""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return jar;
    }

    public static async Task<SavedTokens> SavedTokensAsync(CookieJar jar, HttpClient client)
    {
        var response = await client.SendAsync(CookieJar.WithCookies("/tokens", jar.CookieHeader));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonSerializer.Deserialize<SavedTokens>(await response.Content.ReadAsStringAsync(), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>Signs in through AddGam for real: challenge, the emulator's form, the callback.</summary>
    public static async Task<CookieJar> SignInThroughGamAsync(HttpClient client, string user = "demo", string password = "demo")
    {
        var jar = new CookieJar();
        var challenge = await jar.GetAsync(client, "/challenge");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var form = await jar.GetAsync(client, challenge.Headers.Location!.PathAndQuery);
        var html = await form.Content.ReadAsStringAsync();
        var fields = Regex.Matches(html, "<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["username"] = user;
        fields["password"] = password;
        var action = WebUtility.HtmlDecode(Regex.Match(html, "<form method=\"post\" action=\"(?<action>[^\"]*)\">").Groups["action"].Value);
        var posted = await jar.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var callback = await jar.GetAsync(client, posted.Headers.Location!.PathAndQuery);
        Assert.True(callback.StatusCode == HttpStatusCode.Redirect, await callback.Content.ReadAsStringAsync());
        Assert.Equal("/tokens", callback.Headers.Location!.OriginalString);
        return jar;
    }

    internal sealed record SavedTokens(string Access, string? Refresh, string? ExpiresAt, string? Scope = null, string? UserGuid = null);
}
