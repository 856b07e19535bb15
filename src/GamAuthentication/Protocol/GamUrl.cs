namespace GamAuthentication.Protocol;

/// <summary>How URLs appear in messages: never with a query string (it may carry a code or a token).</summary>
internal static class GamUrl
{
    /// <summary><c>scheme://host[:port]/path</c>, without query or fragment.</summary>
    public static string WithoutQuery(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative URL)";

    /// <summary><c>scheme://host[:port]</c>.</summary>
    public static string Origin(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "(relative URL)";

    /// <summary>A URL received from elsewhere, for a message: without its query, or "(not a URL)".</summary>
    public static string Describe(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? WithoutQuery(uri) : "(not a URL)";
}
