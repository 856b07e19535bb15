using System.Globalization;

namespace GamAuthentication.Samples.Mvc.Session;

/// <summary>
/// Keeps <see cref="LastRefresh"/> in a small cookie of its own. It holds fingerprints and a time, nothing secret,
/// so it is not encrypted; a tampered value is simply ignored. The library keeps no such record: this is the sample's.
/// </summary>
public static class LastRefreshCookie
{
    /// <summary>The cookie name.</summary>
    public const string Name = "GamSample.LastRefresh";

    private const string ItemKey = "GamSample.LastRefresh";

    /// <summary>The record of this browser: the one written earlier in this request, else the cookie's.</summary>
    public static LastRefresh? Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(ItemKey, out var written))
        {
            return written as LastRefresh;
        }

        return Parse(context.Request.Cookies[Name]);
    }

    /// <summary>Writes the record (and remembers it for the rest of the request).</summary>
    public static void Write(HttpContext context, LastRefresh value)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(value);
        context.Items[ItemKey] = value;
        var text = string.Join('|', "1", value.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            value.Kind == RefreshKind.Manual ? "manual" : "auto", value.From, value.To);
        context.Response.Cookies.Append(Name, text, Options(context));
    }

    /// <summary>Deletes the record (at sign-out).</summary>
    public static void Delete(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Items[ItemKey] = null;
        context.Response.Cookies.Delete(Name, Options(context));
    }

    /// <summary>Reads the cookie format <c>1|unix-ms|auto|from|to</c>; anything else is null.</summary>
    public static LastRefresh? Parse(string? text)
    {
        var parts = text?.Split('|');
        if (parts is not ["1", var at, var kind, var from, var to] ||
            !long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) ||
            kind is not ("auto" or "manual") ||
            !TokenFingerprint.IsWellFormed(from) || !TokenFingerprint.IsWellFormed(to))
        {
            return null;
        }

        try
        {
            return new LastRefresh(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), kind == "manual" ? RefreshKind.Manual : RefreshKind.Automatic, from, to);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        IsEssential = true,
        Path = "/",
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
    };
}
