using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GamAuthentication.Emulator.Tests;

/// <summary>A TestServer app with the emulator mounted under a prefix, plus protocol helpers.</summary>
internal sealed partial class EmulatorHost : IAsyncDisposable
{
    public const string RedirectUri = GamEmulatorDefaults.RedirectUri;

    /// <summary>Where every test clock starts: 2026-01-01T12:00:00Z.</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private EmulatorHost(WebApplication app, string prefix, FakeTimeProvider clock, string oidcPrefix)
    {
        _app = app;
        Clock = clock;
        Prefix = prefix.TrimEnd('/');
        OidcPrefix = oidcPrefix.TrimEnd('/');
        Client = app.GetTestClient();
        Emulator = app.Services.GetRequiredService<GamEmulator>();
    }

    public HttpClient Client { get; }

    public GamEmulator Emulator { get; }

    /// <summary>The clock the emulator uses (registered in DI).</summary>
    public FakeTimeProvider Clock { get; }

    public string Prefix { get; }

    public static async Task<EmulatorHost> StartAsync(
        Action<GamEmulatorOptions>? configure = null,
        string prefix = "/gam",
        IDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? host = null,
        Action<WebApplication>? pipeline = null,
        string? oidcPrefix = GamEmulatorDefaults.OpenIdConnectPathPrefix)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        if (configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(configuration);
        }

        var clock = new FakeTimeProvider(ClockStart);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGamEmulator(configure);
        host?.Invoke(builder);
        var app = builder.Build();
        pipeline?.Invoke(app);
        app.MapGamEmulator(prefix);
        if (oidcPrefix is not null)
        {
            app.MapGamOpenIdConnectEmulator(oidcPrefix);
        }

        await app.StartAsync();
        return new EmulatorHost(app, prefix, clock, oidcPrefix ?? string.Empty);
    }

    public string Url(string relative) => Prefix + "/" + relative;

    public static string SignInQuery(
        string clientId = GamEmulatorDefaults.ClientId,
        string redirectUri = RedirectUri,
        string state = "state-123",
        string? scope = "gam_user_data+gam_user_roles",
        string? challenge = null,
        string? method = null,
        string responseType = "response_type=code")
    {
        var query = $"{responseType}&client_id={Uri.EscapeDataString(clientId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&state={Uri.EscapeDataString(state)}";
        if (scope is not null)
        {
            query += "&scope=" + Uri.EscapeDataString(scope);
        }

        if (challenge is not null)
        {
            query += "&code_challenge=" + Uri.EscapeDataString(challenge);
        }

        if (method is not null)
        {
            query += "&code_challenge_method=" + Uri.EscapeDataString(method);
        }

        return query;
    }

    public Task<HttpResponseMessage> GetSignInAsync(string query, string? path = null) => Client.GetAsync((path ?? Url("oauth/gam/signin")) + "?" + query);

    /// <summary>Reads the sign-in form's hidden fields and posts them with the credentials (GAM's sign-in page unless <paramref name="path"/> says otherwise).</summary>
    public async Task<HttpResponseMessage> SubmitSignInAsync(string query, string userName, string password, string? path = null)
    {
        var page = await GetSignInAsync(query, path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var fields = HiddenFields(html);
        fields["username"] = userName;
        fields["password"] = password;
        return await Client.PostAsync(FormAction(html), new FormUrlEncodedContent(fields));
    }

    public static Dictionary<string, string> HiddenFields(string html)
    {
        var fields = new Dictionary<string, string>();
        foreach (Match match in HiddenInput().Matches(html))
        {
            fields[match.Groups["name"].Value] = WebUtility.HtmlDecode(match.Groups["value"].Value);
        }

        return fields;
    }

    public static string FormAction(string html) => WebUtility.HtmlDecode(FormActionRegex().Match(html).Groups["action"].Value);

    /// <summary>Runs the sign-in page and returns the authorization code from the redirect.</summary>
    public async Task<string> GetCodeAsync(string? query = null, string userName = "demo", string password = "demo")
    {
        var response = await SubmitSignInAsync(query ?? SignInQuery(), userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return QueryValue(response.Headers.Location!, "code")!;
    }

    public static string? QueryValue(Uri location, string name)
    {
        var query = location.IsAbsoluteUri ? location.Query : location.OriginalString[location.OriginalString.IndexOf('?', StringComparison.Ordinal)..];
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            var pieces = part.Split('=', 2);
            if (pieces[0] == name)
            {
                return Uri.UnescapeDataString(pieces.Length > 1 ? pieces[1] : string.Empty);
            }
        }

        return null;
    }

    public Task<HttpResponseMessage> PostFormAsync(string relative, params (string Name, string Value)[] fields) =>
        Client.PostAsync(Url(relative), new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public Task<HttpResponseMessage> ExchangeCodeAsync(
        string code,
        string clientId = GamEmulatorDefaults.ClientId,
        string? clientSecret = GamEmulatorDefaults.ClientSecret,
        string redirectUri = RedirectUri,
        string? verifier = null,
        string? path = null)
    {
        var fields = new List<(string Name, string Value)> { ("grant_type", "authorization_code"), ("code", code), ("client_id", clientId), ("redirect_uri", redirectUri) };
        if (clientSecret is not null)
        {
            fields.Add(("client_secret", clientSecret));
        }

        if (verifier is not null)
        {
            fields.Add(("code_verifier", verifier));
        }

        return Client.PostAsync(path ?? Url("oauth/gam/access_token"), new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken, string path = "oauth/gam/access_token") =>
        PostFormAsync(path, ("grant_type", "refresh_token"), ("refresh_token", refreshToken), ("client_id", GamEmulatorDefaults.ClientId), ("client_secret", GamEmulatorDefaults.ClientSecret));

    public Task<HttpResponseMessage> PasswordGrantAsync(params (string Name, string Value)[] extra)
    {
        var fields = new Dictionary<string, string>
        {
            ["client_id"] = GamEmulatorDefaults.ClientId,
            ["client_secret"] = GamEmulatorDefaults.ClientSecret,
            ["grant_type"] = "password",
            ["username"] = "demo",
            ["password"] = "demo",
            ["scope"] = "gam_user_data+gam_user_roles",
        };
        foreach (var (name, value) in extra)
        {
            fields[name] = value;
        }

        return Client.PostAsync(Url("oauth/gam/v2.0/access_token"), new FormUrlEncodedContent(fields));
    }

    /// <summary>A full code flow; returns the token response JSON.</summary>
    public async Task<JsonElement> LoginAsync(string scope = "gam_user_data+gam_user_roles", string userName = "demo", string password = "demo")
    {
        var code = await GetCodeAsync(SignInQuery(scope: scope), userName, password);
        var response = await ExchangeCodeAsync(code);
        return await JsonAsync(response, HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> UserInfoAsync(string token, string relative = "oauth/gam/userinfo")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url(relative));
        request.Headers.TryAddWithoutValidation("Authorization", token);
        return Client.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {expected}, got {response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the GAM error envelope and returns its code.</summary>
    public static async Task<string> ErrorCodeAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var json = await JsonAsync(response, expected);
        var error = json.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("code").ValueKind);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.StartsWith("OAuth realm=\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        return error.GetProperty("code").GetString()!;
    }

    public static string S256(string verifier) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">")]
    private static partial Regex FormActionRegex();
}
