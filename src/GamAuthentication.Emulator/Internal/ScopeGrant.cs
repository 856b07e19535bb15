namespace GamAuthentication.Emulator.Internal;

/// <summary>Granted scopes of a login, pre-digested for userinfo.</summary>
internal sealed class ScopeGrant
{
    private static readonly char[] Separators = [' ', '+', '\t', '\r', '\n'];

    /// <summary>The JSON names of the <c>gam_user_data</c> fields that have a <c>user_&lt;field&gt;</c> scope.</summary>
    internal static readonly HashSet<string> UserFieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "guid", "username", "email", "first_name", "last_name", "external_id", "birthday", "gender", "url_image",
        "url_profile", "phone", "address", "city", "state", "post_code", "language", "timezone",
    };

    private ScopeGrant(IReadOnlyList<string> scopes)
    {
        Scopes = scopes;
        Joined = string.Join('+', scopes);
        foreach (var scope in scopes)
        {
            switch (scope.ToUpperInvariant())
            {
                case "FULLCONTROL":
                    UserData = Roles = AdditionalData = InitialProperties = ApplicationData = true;
                    break;
                case "GAM_USER_DATA":
                    UserData = true;
                    break;
                case "GAM_USER_ROLES":
                    Roles = true;
                    break;
                case "GAM_USER_ADDITIONAL_DATA":
                    AdditionalData = true;
                    break;
                case "SESSION_INITIAL_PROP" or "GAM_SESSION_INITIAL_PROP":
                    InitialProperties = true;
                    break;
                case "SESSION_APPLICATION_DATA" or "GAM_SESSION_APP_DATA":
                    ApplicationData = true;
                    break;
                default:
                    if (scope.StartsWith("user_", StringComparison.OrdinalIgnoreCase) && scope.Length > 5)
                    {
                        var name = scope[5..];
                        if (string.Equals(name, "mail", StringComparison.OrdinalIgnoreCase))
                        {
                            name = "email";
                        }

                        if (UserFieldNames.Contains(name))
                        {
                            Fields.Add(name);
                        }
                        else
                        {
                            AttributeIds.Add(name);
                        }
                    }

                    break;
            }
        }
    }

    public IReadOnlyList<string> Scopes { get; }

    /// <summary>Scopes joined with <c>+</c>, as token responses carry them.</summary>
    public string Joined { get; }

    public bool UserData { get; }

    public bool Roles { get; }

    public bool AdditionalData { get; }

    public bool InitialProperties { get; }

    public bool ApplicationData { get; }

    /// <summary>Single fields granted by <c>user_&lt;field&gt;</c> scopes (JSON names).</summary>
    public HashSet<string> Fields { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Attributes granted by <c>user_&lt;AttributeId&gt;</c> scopes.</summary>
    public HashSet<string> AttributeIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Splits on whitespace and literal <c>+</c>, trims and removes duplicates (first spelling wins).</summary>
    public static List<string> Split(string? scope)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(scope))
        {
            return result;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in scope.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (seen.Add(part))
            {
                result.Add(part);
            }
        }

        return result;
    }

    /// <summary>The grant for a request: requested scopes (default when none) minus those the client may not have.</summary>
    public static ScopeGrant ForRequest(string? requested, GamEmulatorClient client)
    {
        var scopes = Split(requested);
        return AllowedFor(client, scopes.Count == 0 ? Split(GamEmulatorDefaults.DefaultScopes) : scopes);
    }

    /// <summary>
    /// The grant of an OpenID Connect request: requested scopes minus those the client may not have, and no
    /// default (no scope means an empty userinfo, as OneLogin answers).
    /// </summary>
    public static ScopeGrant ForOpenIdConnect(string? requested, GamEmulatorClient client) => AllowedFor(client, Split(requested));

    private static ScopeGrant AllowedFor(GamEmulatorClient client, List<string> scopes)
    {
        if (client.AllowedScopes is { Count: > 0 } allowed)
        {
            scopes.RemoveAll(s => !allowed.Contains(s, StringComparer.OrdinalIgnoreCase));
        }

        return new ScopeGrant(scopes);
    }

    /// <summary>Whether <paramref name="scope"/> was granted (case-insensitive).</summary>
    public bool Has(string scope) => Scopes.Contains(scope, StringComparer.OrdinalIgnoreCase);

    /// <summary>The grant of an API key: exactly the key's frozen scopes.</summary>
    public static ScopeGrant Exactly(IReadOnlyList<string> scopes) => new(scopes);
}
