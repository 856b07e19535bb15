using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace GamAuthentication.Testing;

/// <summary>
/// A minimal browser over an <see cref="HttpMessageHandler"/> (e.g. <c>TestServer.CreateHandler()</c>): keeps
/// cookies (one host, so domains and paths are ignored), does not follow redirects by itself, and can fill in
/// and submit the first form of an HTML page. Tests drive redirects step by step so they can look at (or
/// tamper with) every hop.
/// </summary>
public sealed partial class TestBrowser : IDisposable
{
    private readonly HttpClient _client;
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    /// <summary>Creates a browser; relative URLs resolve against <paramref name="baseAddress"/>.</summary>
    public TestBrowser(HttpMessageHandler handler, Uri baseAddress)
    {
        _client = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress };
    }

    /// <summary>The base address relative URLs resolve against.</summary>
    public Uri BaseAddress => _client.BaseAddress!;

    /// <summary>The names of the cookies the browser holds.</summary>
    public IReadOnlyCollection<string> CookieNames
    {
        get
        {
            lock (_gate)
            {
                return _cookies.Keys.ToArray();
            }
        }
    }

    /// <summary>Removes every cookie whose name matches.</summary>
    public int RemoveCookies(Func<string, bool> nameMatches)
    {
        lock (_gate)
        {
            var names = _cookies.Keys.Where(nameMatches).ToList();
            names.ForEach(n => _cookies.Remove(n));
            return names.Count;
        }
    }

    /// <summary>Sends a GET.</summary>
    public Task<HttpResponseMessage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Sends a GET.</summary>
    public Task<HttpResponseMessage> GetAsync(Uri url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    /// <summary>Posts a form.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    /// <summary>Sends a request with the browser's cookies and keeps the cookies the response sets.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = CookieHeader();
        if (header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", header);
        }

        var response = await _client.SendAsync(request).ConfigureAwait(false);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            Store(setCookies);
        }

        return response;
    }

    /// <summary>Follows redirects (GET) from <paramref name="response"/> until a non-redirect answer or <paramref name="until"/> says stop.</summary>
    public async Task<HttpResponseMessage> FollowRedirectsAsync(HttpResponseMessage response, Func<Uri, bool>? until = null, int maxHops = 10)
    {
        ArgumentNullException.ThrowIfNull(response);
        for (var hop = 0; hop < maxHops && IsRedirect(response); hop++)
        {
            var location = Location(response);
            if (until?.Invoke(location) == true)
            {
                return response;
            }

            response.Dispose();
            response = await GetAsync(location).ConfigureAwait(false);
        }

        return response;
    }

    /// <summary>True for 301, 302, 303, 307 and 308.</summary>
    public static bool IsRedirect(HttpResponseMessage response) =>
        response?.StatusCode is HttpStatusCode.Moved or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The absolute redirect target of a response.</summary>
    public Uri Location(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location ?? throw new InvalidOperationException($"HTTP {(int)response.StatusCode} has no Location header.");
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage?.RequestUri ?? BaseAddress, location);
    }

    /// <summary>The query parameters of a URL.</summary>
    public static IReadOnlyDictionary<string, string> Query(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return QueryHelpers.ParseQuery(url.Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Fills the first form of <paramref name="page"/> (its hidden and pre-filled inputs, overridden by
    /// <paramref name="values"/>) and posts it to its action.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitFormAsync(HttpResponseMessage page, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(values);
        var html = await page.Content.ReadAsStringAsync().ConfigureAwait(false);
        var form = FormRegex().Match(html);
        if (!form.Success)
        {
            throw new InvalidOperationException("The page has no form: " + html);
        }

        var action = WebUtility.HtmlDecode(Attribute(form.Groups["attrs"].Value, "action") ?? string.Empty);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match input in InputRegex().Matches(form.Groups["body"].Value))
        {
            var name = Attribute(input.Value, "name");
            if (name is not null)
            {
                fields[WebUtility.HtmlDecode(name)] = WebUtility.HtmlDecode(Attribute(input.Value, "value") ?? string.Empty);
            }
        }

        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }

        var target = action.Length == 0 ? page.RequestMessage!.RequestUri! : new Uri(page.RequestMessage?.RequestUri ?? BaseAddress, action);
        return await PostFormAsync(target.ToString(), fields).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens an identity provider's sign-in page (the emulator's, for GAM and OpenID Connect alike), fills in the
    /// credentials and submits it: the provider's answer, a redirect to the callback when it accepted them.
    /// </summary>
    public async Task<HttpResponseMessage> SignInOnProviderPageAsync(Uri authorizeUrl, string userName, string password)
    {
        using var page = await GetAsync(authorizeUrl).ConfigureAwait(false);
        if (page.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The sign-in page {authorizeUrl.GetLeftPart(UriPartial.Path)} answered {(int)page.StatusCode}, not 200.");
        }

        return await SubmitFormAsync(page, new Dictionary<string, string>(StringComparer.Ordinal) { ["username"] = userName, ["password"] = password }).ConfigureAwait(false);
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, "\\s" + name + "\\s*=\\s*\"(?<v>[^\"]*)\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return match.Success ? match.Groups["v"].Value : null;
    }

    private string CookieHeader()
    {
        lock (_gate)
        {
            return string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value));
        }
    }

    private void Store(IEnumerable<string> setCookies)
    {
        lock (_gate)
        {
            foreach (var raw in setCookies)
            {
                if (!SetCookieHeaderValue.TryParse(raw, out var cookie))
                {
                    continue;
                }

                var name = cookie.Name.ToString();
                var deleted = cookie.Value.Length == 0 ||
                    (cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero) ||
                    (cookie.Expires is { } expires && expires.Year < 2000);
                if (deleted)
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = cookie.Value.ToString();
                }
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    [GeneratedRegex("<form(?<attrs>[^>]*)>(?<body>.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FormRegex();

    [GeneratedRegex("<input[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InputRegex();
}
