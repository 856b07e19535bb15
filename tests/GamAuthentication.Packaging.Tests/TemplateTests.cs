using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GamAuthentication.Testing;

namespace GamAuthentication.Packaging.Tests;

/// <summary>
/// The templates as a user meets them: installed from the packed GamAuthentication.Templates package, instantiated,
/// built against the packed GamAuthentication packages, started on a free loopback port, and used: gam-mvc signs in
/// through the emulator's HTML form, gam-api answers a GAM token.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class TemplateTests(PackedPackages packages)
{
    [Fact]
    public void Template_package_is_a_template_package_with_both_templates_and_the_shared_metadata()
    {
        var nupkg = packages.Nupkg("GamAuthentication.Templates");
        var metadata = PackedPackages.Nuspec(nupkg);
        var ns = metadata.Name.Namespace;
        Assert.Equal("Template", metadata.Element(ns + "packageTypes")?.Element(ns + "packageType")?.Attribute("name")?.Value);
        PackageMetadataTests.AssertCommonMetadata(nupkg, metadata);

        var entries = PackedPackages.Entries(nupkg);
        Assert.Contains("content/gam-mvc/.template.config/template.json", entries);
        Assert.Contains("content/gam-api/.template.config/template.json", entries);
        Assert.Contains("PACKAGE.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("/bin/", StringComparison.Ordinal) || e.Contains("/obj/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gam_mvc_builds_against_the_packed_libraries_runs_and_signs_in_with_the_emulator()
    {
        using var project = await GeneratedProject.CreateAsync(packages, "gam-mvc", "MyGamSite");
        var references = project.PackageReferences();
        Assert.Equal(packages.Version, references["GamAuthentication"]);
        Assert.Equal(packages.Version, references["GamAuthentication.Emulator"]);
        await project.BuildAsync();

        var url = $"http://localhost:{FreePort.Next()}";
        await using var app = await project.StartAsync(url);
        using var browser = new TestBrowser(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }, new Uri(url));

        // A protected page sends the browser to GAM's sign-in form (the emulator at /gam in this app).
        var form = await browser.FollowRedirectsAsync(await browser.GetAsync("/profile"));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal("/gam/oauth/gam/signin", form.RequestMessage!.RequestUri!.AbsolutePath);

        var signedIn = await browser.FollowRedirectsAsync(
            await browser.SubmitFormAsync(form, new Dictionary<string, string> { ["username"] = "demo", ["password"] = "demo" }));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal("/profile", signedIn.RequestMessage!.RequestUri!.AbsolutePath);
        var profile = await signedIn.Content.ReadAsStringAsync();
        Assert.Contains("id=\"profile-name\">demo<", profile);
        Assert.Contains("id=\"profile-roles\">User<", profile);
        Assert.Contains("urn:gam:guid", profile);

        // Sign-out (the layout's form, with its antiforgery token) goes through GAM and back home, signed out.
        var home = await browser.FollowRedirectsAsync(await browser.SubmitFormAsync(signedIn, new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("/", home.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("id=\"sign-in\"", await home.Content.ReadAsStringAsync());
        Assert.Contains("Now listening on: " + url, app.Output);
    }

    [Fact]
    public async Task Gam_mvc_outside_development_without_a_gam_stops_at_start_up_naming_the_setting()
    {
        using var project = await GeneratedProject.CreateAsync(packages, "gam-mvc", "MyGamProd");
        await project.BuildAsync();

        var exited = await Assert.ThrowsAsync<AppExitedException>(() => project.StartAsync($"http://localhost:{FreePort.Next()}", "Production"));
        Assert.Contains("Authentication:Schemes:Gam:Authority", exited.Message);
    }

    [Fact]
    public async Task Gam_api_builds_against_the_packed_libraries_runs_and_answers_a_gam_token()
    {
        using var project = await GeneratedProject.CreateAsync(packages, "gam-api", "MyGamApi");
        Assert.Equal(packages.Version, project.PackageReferences()["GamAuthentication"]);
        await project.BuildAsync();

        var url = $"http://localhost:{FreePort.Next()}";
        await using var app = await project.StartAsync(url);
        using var client = new HttpClient { BaseAddress = new Uri(url) };

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        var anonymous = await client.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);

        // A token from the emulator mounted in the app (REST IdP, password grant), as the template's .http file does.
        using var tokenResponse = await client.PostAsync("/gam/oauth/gam/v2.0/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["client_id"] = "sample-client",
            ["client_secret"] = "sample-secret",
            ["username"] = "demo",
            ["password"] = "demo",
            ["scope"] = "gam_user_data gam_user_roles",
        }));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        using var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
        var accessToken = token.RootElement.GetProperty("access_token").GetString();

        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        using var meResponse = await client.SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
        using var body = JsonDocument.Parse(await meResponse.Content.ReadAsStringAsync());
        Assert.Equal("demo", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(["User"], body.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString() ?? string.Empty).ToArray());

        using var admin = new HttpRequestMessage(HttpMethod.Get, "/api/admin") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", accessToken) } };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(admin)).StatusCode);
    }
}
