using Microsoft.Extensions.Configuration;

namespace GamAuthentication.Configuration;

/// <summary>
/// The configuration keys of one options type and how each is read. Binding reads every known key and reports every
/// other key of the section as unknown (with the known key it most likely meant), so a typo does not pass silently.
/// Keys compare ignoring case, as configuration does.
/// </summary>
internal sealed class GamBindingMap<TOptions>
{
    private readonly Dictionary<string, Action<GamConfigurationReader, TOptions>> _keys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds a key and how it is read into the options.</summary>
    public GamBindingMap<TOptions> Add(string key, Action<GamConfigurationReader, TOptions> read)
    {
        _keys.Add(key, read);
        return this;
    }

    /// <summary>Adds every key of <paramref name="other"/> (the keys of a base options type).</summary>
    public GamBindingMap<TOptions> Include<TBase>(GamBindingMap<TBase> other)
        where TBase : class
    {
        foreach (var (key, read) in other._keys)
        {
            _keys.Add(key, (reader, options) => read(reader, (TBase)(object)options!));
        }

        return this;
    }

    public IEnumerable<string> Keys => _keys.Keys;

    /// <summary>Reads <paramref name="section"/> into <paramref name="options"/>; problems (bad values, unknown keys) go to <paramref name="problems"/>.</summary>
    public void Bind(IConfiguration section, TOptions options, ICollection<string> problems)
    {
        var reader = new GamConfigurationReader(section, problems);
        foreach (var read in _keys.Values)
        {
            read(reader, options);
        }

        foreach (var child in section.GetChildren())
        {
            if (!_keys.ContainsKey(child.Key))
            {
                var guess = Closest(child.Key);
                problems.Add($"GAM: unknown setting '{reader.PathOf(child.Key)}'" + (guess is null ? "; it is not read." : $"; did you mean '{guess}'?"));
            }
        }
    }

    /// <summary>The known key within two edits of <paramref name="key"/>, if any.</summary>
    private string? Closest(string key) =>
        _keys.Keys.Select(k => (Key: k, Distance: Distance(k.ToUpperInvariant(), key.ToUpperInvariant())))
            .Where(k => k.Distance <= 2)
            .OrderBy(k => k.Distance)
            .Select(k => k.Key)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
