using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace GamAuthentication.StackExchangeRedis.Tests.Infrastructure;

/// <summary>
/// A browser behind a load balancer without stickiness: it keeps its cookies and sends each request to whichever
/// instance the test names. Requests to <c>/gam</c> go to GAM.
/// </summary>
internal sealed partial class Browser(Farm farm)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly HttpClient _gam = farm.CreateGamClient();

    /// <summary>The length of the sign-in cookie (all its chunks), as the browser sends it with every request.</summary>
    public int AuthCookieLength
    {
        get
        {
            lock (_cookies)
            {
                return _cookies.Where(c => c.Key.StartsWith(".AspNetCore.Cookies", StringComparison.Ordinal)).Sum(c => c.Key.Length + 1 + c.Value.Length);
            }
        }
    }

    public Browser Clone()
    {
        var copy = new Browser(farm);
        lock (_cookies)
        {
            foreach (var cookie in _cookies)
            {
                copy._cookies[cookie.Key] = cookie.Value;
            }
        }

        return copy;
    }

    public async Task<HttpResponseMessage> GetAsync(FarmInstance? instance, string url)
    {
        var path = url.StartsWith("http", StringComparison.Ordinal) ? new Uri(url).PathAndQuery : url;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(instance, request);
    }

    public async Task<HttpResponseMessage> SendAsync(FarmInstance? instance, HttpRequestMessage request)
    {
        var client = request.RequestUri!.OriginalString.StartsWith("/gam", StringComparison.Ordinal) ? _gam : instance!.Client;
        lock (_cookies)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }
        }

        var response = await client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            lock (_cookies)
            {
                foreach (var setCookie in setCookies)
                {
                    var pair = setCookie.Split(';')[0];
                    var separator = pair.IndexOf('=', StringComparison.Ordinal);
                    var (name, value) = (pair[..separator], pair[(separator + 1)..]);
                    if (value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                    {
                        _cookies.Remove(name);
                    }
                    else
                    {
                        _cookies[name] = value;
                    }
                }
            }
        }

        return response;
    }

    /// <summary>Signs in through GAM for real: the challenge on one instance, GAM's form, the callback on another.</summary>
    public async Task<HttpResponseMessage> SignInAsync(FarmInstance challengeOn, FarmInstance callbackOn, string user = "demo", string password = "demo", HttpStatusCode callbackStatus = HttpStatusCode.Redirect)
    {
        var challenge = await GetAsync(challengeOn, "/challenge");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var form = await GetAsync(null, challenge.Headers.Location!.PathAndQuery);
        var html = await form.Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["username"] = user;
        fields["password"] = password;
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups["action"].Value);
        var posted = await SendAsync(null, new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var callback = await GetAsync(callbackOn, posted.Headers.Location!.PathAndQuery);
        Assert.True(callback.StatusCode == callbackStatus, $"callback on {callbackOn.Name}: {(int)callback.StatusCode} {await callback.Content.ReadAsStringAsync()}");
        return callback;
    }

    public async Task<string> TextAsync(FarmInstance instance, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await GetAsync(instance, path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path} on {instance.Name}: {(int)response.StatusCode} {body}");
        return body;
    }

    public async Task<SavedTokens> TokensAsync(FarmInstance instance)
    {
        using var response = await GetAsync(instance, "/tokens");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SavedTokens>())!;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]*)\">")]
    private static partial Regex FormAction();
}
