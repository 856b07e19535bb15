using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace GamAuthentication.Emulator.Tests;

/// <summary>The <c>gam-emulator</c> dotnet tool, run as a separate process, and its package.</summary>
public sealed class EmulatorToolTests
{
    [Fact]
    public async Task Tool_serves_gam_on_a_loopback_port_says_where_and_stops_on_ctrl_c()
    {
        await using var tool = await ToolProcess.StartAsync(["--urls", "http://127.0.0.1:0", "--GamEmulator:AccessTokenLifetimeSeconds=30"]);
        using var http = new HttpClient();

        var token = await PasswordGrantAsync(http, tool.Authority);
        var userInfo = await UserInfoAsync(http, tool.Authority, token.GetProperty("access_token").GetString()!);
        var exitCode = await tool.InterruptAsync();

        Assert.Matches(@"^http://127\.0\.0\.1:\d+/gam$", tool.Authority);
        Assert.Contains("users: demo, admin, otp | clients: sample-client (confidential), geai-client (public)", tool.ReadyLine, StringComparison.Ordinal);
        Assert.StartsWith("off", tool.OpenIdConnectAuthority, StringComparison.Ordinal);
        Assert.DoesNotContain(GamEmulatorDefaults.ClientSecret, tool.Output, StringComparison.Ordinal);
        Assert.Equal(30, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(GamEmulatorDefaults.DemoUserGuid, userInfo.GetProperty("guid").GetString());
        Assert.Equal(0, exitCode);
        Assert.Contains("Application is shutting down", tool.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_reads_appsettings_json_and_environment_and_serves_openid_connect_when_switched_on()
    {
        var directory = Directory.CreateTempSubdirectory("gam-emulator-tool-");
        try
        {
            await File.WriteAllTextAsync(
                Path.Combine(directory.FullName, "appsettings.json"),
                """{ "PathBase": "/", "GamEmulator": { "MaxTokenRenewals": 2 } }""");
            await using var tool = await ToolProcess.StartAsync(
                ["--urls", "http://127.0.0.1:0"],
                new Dictionary<string, string> { ["OpenIdConnect"] = "true", ["GamEmulator__AccessTokenLifetimeSeconds"] = "45" },
                directory.FullName);
            using var http = new HttpClient();

            var token = await PasswordGrantAsync(http, tool.Authority);
            var discovery = await http.GetAsync(tool.OpenIdConnectAuthority + "/.well-known/openid-configuration");
            var issuer = JsonDocument.Parse(await discovery.Content.ReadAsStringAsync()).RootElement.GetProperty("issuer").GetString();

            Assert.Matches(@"^http://127\.0\.0\.1:\d+$", tool.Authority);
            Assert.Equal(tool.Authority + "/oidc/2", tool.OpenIdConnectAuthority);
            Assert.Equal(45, token.GetProperty("expires_in").GetInt32());
            Assert.NotEqual(string.Empty, token.GetProperty("refresh_token").GetString());
            Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
            Assert.Equal(tool.OpenIdConnectAuthority, issuer);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--PathBase=oops", "PathBase must be a path that starts with '/'")]
    [InlineData("--OpenIdConnect=maybe", "OpenIdConnect must be true or false, not 'maybe'.")]
    [InlineData("--GamEmulator:ExpiredTokenStatusCode=500", "GamEmulator:ExpiredTokenStatusCode must be 401 or 403.")]
    public async Task Tool_refuses_bad_settings_with_a_message_naming_the_key(string argument, string message)
    {
        var (exitCode, output) = await ToolProcess.RunAsync(ToolProcess.DotNet, ToolProcess.AssemblyPath, "--urls", "http://127.0.0.1:0", argument);

        Assert.Equal(2, exitCode);
        Assert.Contains("gam-emulator: " + message, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pack_produces_a_dotnet_tool_package_named_gam_emulator()
    {
        var output = Directory.CreateTempSubdirectory("gam-emulator-pack-");
        try
        {
            var (exitCode, log) = await ToolProcess.RunAsync(
                ToolProcess.DotNet, "pack", ToolProcess.ProjectPath, "-c", ToolProcess.Configuration, "--no-build", "-o", output.FullName, "-p:Version=0.0.0-test");
            Assert.True(exitCode == 0, log);

            var package = Assert.Single(Directory.GetFiles(output.FullName, "*.nupkg"));
            Assert.Equal("GamAuthentication.Emulator.Tool.0.0.0-test.nupkg", Path.GetFileName(package));
            using var zip = ZipFile.OpenRead(package);
            var nuspec = await ReadAsync(zip, "GamAuthentication.Emulator.Tool.nuspec");
            var settings = await ReadAsync(zip, "tools/net10.0/any/DotnetToolSettings.xml");
            Assert.Contains("<packageType name=\"DotnetTool\" />", nuspec, StringComparison.Ordinal);
            Assert.Contains("<id>GamAuthentication.Emulator.Tool</id>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<Command Name=\"gam-emulator\" EntryPoint=\"GamAuthentication.Emulator.Tool.dll\" Runner=\"dotnet\" />", settings, StringComparison.Ordinal);
            Assert.NotNull(zip.GetEntry("tools/net10.0/any/GamAuthentication.Emulator.dll"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> PasswordGrantAsync(HttpClient http, string authority)
    {
        var response = await http.PostAsync(authority + "/oauth/gam/v2.0/access_token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = GamEmulatorDefaults.ClientId,
            ["client_secret"] = GamEmulatorDefaults.ClientSecret,
            ["grant_type"] = "password",
            ["username"] = GamEmulatorDefaults.DemoUserName,
            ["password"] = GamEmulatorDefaults.DemoPassword,
            ["scope"] = "gam_user_data",
        }));
        return await EmulatorHost.JsonAsync(response, HttpStatusCode.OK);
    }

    private static async Task<JsonElement> UserInfoAsync(HttpClient http, string authority, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, authority + "/oauth/gam/v2.0/userinfo");
        request.Headers.TryAddWithoutValidation("Authorization", token);
        return await EmulatorHost.JsonAsync(await http.SendAsync(request), HttpStatusCode.OK);
    }

    private static async Task<string> ReadAsync(ZipArchive zip, string entry)
    {
        using var reader = new StreamReader(zip.GetEntry(entry)?.Open() ?? throw new InvalidOperationException($"{entry} is not in the package."));
        return await reader.ReadToEndAsync();
    }
}
