using System.Text;

namespace GamAuthentication.Emulator.Internal;

/// <summary>Adds query parameters to a redirect URL that may already have a query.</summary>
internal static class UrlQuery
{
    /// <summary>Appends each parameter with a value (empty ones are left out), escaped, after <c>?</c> or <c>&amp;</c> as needed.</summary>
    public static string Append(string uri, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(uri);
        var separator = uri.EndsWith('?') || uri.EndsWith('&') ? (char?)null : uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (name, value) in parameters)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (separator is { } c)
            {
                builder.Append(c);
            }

            builder.Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return builder.ToString();
    }
}
