using Microsoft.Extensions.Primitives;

namespace GamAuthentication.Bearer;

/// <summary>What the <c>Authorization</c> header holds for the bearer handler.</summary>
internal enum GamBearerTokenReadStatus
{
    /// <summary>No header, or a scheme this handler does not accept (e.g. Basic): not ours.</summary>
    None,

    /// <summary>A token.</summary>
    Found,

    /// <summary>A malformed request: answer 400 <c>invalid_request</c> without calling GAM.</summary>
    Malformed,
}

/// <summary>A token as a range of the string it came in (the <c>Authorization</c> header), so reading it allocates nothing.</summary>
internal readonly struct GamBearerToken(string source, int start, int length)
{
    /// <summary>The string the token is a range of.</summary>
    public string Source => source;

    public ReadOnlySpan<char> Span => source.AsSpan(start, length);

    /// <summary>The token as its own string (allocates unless it is the whole source).</summary>
    public string Value => start == 0 && length == source.Length ? source : source.Substring(start, length);

    public static GamBearerToken Whole(string token) => new(token, 0, token.Length);
}

/// <summary>
/// Reads the token from <c>Authorization</c> (RFC 6750 §2.1: <c>Bearer</c>, scheme case-insensitive, then
/// one or more spaces; GAM's <c>OAuth</c> scheme and bare tokens when allowed) without allocating: the token
/// is returned as a range of the header value.
/// </summary>
internal static class GamBearerTokenReader
{
    /// <summary>RFC 6750's b64token characters (without the trailing <c>=</c>) and GAM's <c>!</c> and <c>@</c>.</summary>
    public const string DefaultTokenCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/!@";

    public static GamBearerTokenReadStatus Read(StringValues authorization, GamBearerOptions options, out GamBearerToken token, out string? problem)
    {
        token = default;
        problem = null;
        if (authorization.Count == 0)
        {
            return GamBearerTokenReadStatus.None;
        }

        if (authorization.Count > 1)
        {
            problem = "The request has more than one Authorization header.";
            return GamBearerTokenReadStatus.Malformed;
        }

        var value = authorization[0] ?? string.Empty;
        var span = value.AsSpan();
        int offset;
        if (IsScheme(span, "Bearer"))
        {
            offset = 6;
        }
        else if (options.AllowOAuthScheme && IsScheme(span, "OAuth"))
        {
            offset = 5;
        }
        else if (span.Trim().IsEmpty)
        {
            problem = "The Authorization header is empty.";
            return GamBearerTokenReadStatus.Malformed;
        }
        else if (options.AllowBareToken && !span.Contains(' '))
        {
            offset = 0;
        }
        else
        {
            return GamBearerTokenReadStatus.None;
        }

        while (offset < span.Length && span[offset] == ' ')
        {
            offset++;
        }

        token = new GamBearerToken(value, offset, span.Length - offset);
        problem = Check(span[offset..], options);
        return problem is null ? GamBearerTokenReadStatus.Found : GamBearerTokenReadStatus.Malformed;
    }

    /// <summary>
    /// Null when the token is acceptable; else why not (never quoting the token). Acceptable: RFC 6750's b64token
    /// (letters, digits, <c>- . _ ~ + /</c>, then <c>=</c> only at the end) plus the characters GAM's tokens contain
    /// (<c>!</c> and <c>@</c>) and <see cref="GamBearerOptions.AdditionalTokenCharacters"/>. Anything else (<c>,</c>
    /// <c>"</c> <c>;</c> <c>\</c> ...) never reaches GAM.
    /// </summary>
    public static string? Check(ReadOnlySpan<char> token, GamBearerOptions options)
    {
        if (token.IsEmpty)
        {
            return "The bearer token is empty.";
        }

        if (token.Length > options.MaxTokenLength)
        {
            return $"The bearer token is longer than {options.MaxTokenLength} characters.";
        }

        // Whitespace, control characters and non-ASCII never occur in GAM tokens and must not reach GAM's Authorization header.
        if (token.ContainsAnyExceptInRange('\u0021', '\u007E'))
        {
            return "The bearer token contains whitespace, control or non-ASCII characters.";
        }

        var end = token.Length;
        while (end > 0 && token[end - 1] == '=' && !options.TokenCharacters.Contains('='))
        {
            end--;
        }

        if (end == 0 || token[..end].ContainsAnyExcept(options.TokenCharacters))
        {
            return "The bearer token contains characters outside the token syntax (letters, digits, - . _ ~ + / ! @, and = only at the end).";
        }

        return null;
    }

    /// <summary>The header starts with the scheme name followed by the end, a space or any other separator that makes the token malformed.</summary>
    private static bool IsScheme(ReadOnlySpan<char> value, string scheme) =>
        value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) &&
        (value.Length == scheme.Length || value[scheme.Length] is ' ' or '\t' || char.IsControl(value[scheme.Length]));
}
