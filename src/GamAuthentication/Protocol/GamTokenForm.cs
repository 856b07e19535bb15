namespace GamAuthentication.Protocol;

/// <summary>
/// The form of a request to a GAM token endpoint: the grant, the client's credentials (as form fields, the only way
/// GAM reads them) and the grant's own fields. Every grant (authorization code, password, API key, refresh) is built
/// here. Never logged: it holds secrets.
/// </summary>
internal sealed class GamTokenForm
{
    private readonly List<KeyValuePair<string, string>> _fields = [];

    private GamTokenForm()
    {
    }

    /// <summary>A form for <paramref name="grantType"/> (none when null: Globant Enterprise AI's password login) and the client.</summary>
    public static GamTokenForm Grant(string? grantType, string clientId, string? clientSecret)
    {
        var form = new GamTokenForm();
        form.AddIfSet("grant_type", grantType);
        form.Add("client_id", clientId);
        form.AddIfSet("client_secret", clientSecret);
        return form;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    public GamTokenForm Add(string name, string value)
    {
        _fields.Add(new(name, value));
        return this;
    }

    /// <summary>Adds the field unless <paramref name="value"/> is null or empty.</summary>
    public GamTokenForm AddIfSet(string name, string? value) => string.IsNullOrEmpty(value) ? this : Add(name, value);

    /// <summary>Replaces or adds fields given by the caller (a request's extra parameters win over the defaults).</summary>
    public GamTokenForm Override(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        foreach (var (key, value) in parameters)
        {
            if (!string.IsNullOrEmpty(key))
            {
                _fields.RemoveAll(p => p.Key == key);
                _fields.Add(new(key, value));
            }
        }

        return this;
    }

    public FormUrlEncodedContent ToContent() => new(_fields);

    // Holds secrets.
    public override string ToString() => "GAM token request form";
}
