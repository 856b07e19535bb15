using System.Net;
using System.Text.RegularExpressions;

namespace GamAuthentication.Benchmarks;

/// <summary>
/// <c>signin &lt;mvcUrl&gt; &lt;file&gt;</c>: signs the demo user in to the MVC sample through its GAM sign-in page (as a
/// browser would, with a cookie jar and redirects) and writes the sample's cookies as one <c>Cookie</c> header value, for
/// wrk. Prints the header's size: the cookie as it travels with every request.
/// </summary>
internal static partial class SignInTool
{
    public static async Task<int> RunAsync(string[] args)
    {
        var site = new Uri(args[0].TrimEnd('/') + "/");
        var file = args[1];
        var jar = new CookieContainer();
        using var handler = new SocketsHttpHandler { CookieContainer = jar, AllowAutoRedirect = true };
        using var client = new HttpClient(handler);

        // /signin → GAM's sign-in page; its form posts the credentials and GAM's answer redirects back to the callback.
        using var page = await client.GetAsync(new Uri(site, "signin"));
        var html = await page.Content.ReadAsStringAsync();
        var action = FormAction().Match(html);
        if (!action.Success)
        {
            Console.Error.WriteLine($"signin: no sign-in form at {page.RequestMessage?.RequestUri} (HTTP {(int)page.StatusCode})");
            return 1;
        }

        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["username"] = "demo";
        fields["password"] = "demo";
        var target = new Uri(page.RequestMessage!.RequestUri!, WebUtility.HtmlDecode(action.Groups["action"].Value));
        using var signedIn = await client.PostAsync(target, new FormUrlEncodedContent(fields));
        var cookie = jar.GetCookieHeader(site);
        if (!signedIn.IsSuccessStatusCode || !(await signedIn.Content.ReadAsStringAsync()).Contains("id=\"session-panel\"", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"signin: not signed in after the callback (HTTP {(int)signedIn.StatusCode} at {signedIn.RequestMessage?.RequestUri})");
            return 1;
        }

        await File.WriteAllTextAsync(file, cookie);
        Console.WriteLine($"signed in; Cookie header of {cookie.Length} bytes written to {file}");
        return 0;
    }

    [GeneratedRegex("<form[^>]*\\saction=\"(?<action>[^\"]*)\"", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]*)\" value=\"(?<value>[^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex HiddenInput();
}
