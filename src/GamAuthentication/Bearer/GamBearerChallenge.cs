using System.Text;

namespace GamAuthentication.Bearer;

/// <summary>The value of an RFC 6750 <c>WWW-Authenticate: Bearer</c> challenge.</summary>
internal static class GamBearerChallenge
{
    /// <summary><c>Bearer realm="..."</c> followed by <c>error</c>, <c>error_description</c> and <c>error_uri</c> when set.</summary>
    public static string Header(string realm, string? error, string? errorDescription, string? errorUri)
    {
        var builder = new StringBuilder("Bearer realm=\"");
        AppendQuoted(builder, realm);
        builder.Append('"');
        Append(builder, "error", error);
        Append(builder, "error_description", errorDescription);
        Append(builder, "error_uri", errorUri);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            builder.Append(", ").Append(name).Append("=\"");
            AppendQuoted(builder, value);
            builder.Append('"');
        }
    }

    /// <summary>RFC 7230 quoted-string content: visible ASCII and spaces, with <c>"</c> and <c>\</c> escaped; anything else becomes <c>?</c>.</summary>
    private static void AppendQuoted(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c is >= ' ' and <= '~' ? c : '?');
            }
        }
    }
}
