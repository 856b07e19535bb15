using System.Text.RegularExpressions;
using GamAuthentication.Configuration;

namespace GamAuthentication.Docs.Tests;

/// <summary>
/// README's table of <c>Authentication:Schemes:{scheme}</c> keys for <c>AddGam()</c> lists exactly the keys the binder
/// reads (GamOptionsKeys, with the framework's scheme and remote-sign-in keys it includes).
/// </summary>
public sealed partial class ConfigurationTableTests
{
    private static IReadOnlySet<string> DocumentedKeys()
    {
        var readme = Markdown.Read("README.md");
        var start = readme.IndexOf("### Configuration keys (`Authentication:Schemes:{scheme}:...`)", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no configuration key table");
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in readme[start..].Split('\n').SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2))
        {
            var firstColumn = line.Split('|')[1];
            foreach (Match key in Key().Matches(firstColumn))
            {
                keys.Add(key.Groups["key"].Value);
            }
        }

        return keys;
    }

    [Fact]
    public void Every_key_the_binder_reads_is_in_the_table()
    {
        var documented = DocumentedKeys();

        var missing = GamOptionsKeys.Map.Keys.Where(k => !documented.Contains(k)).Order(StringComparer.Ordinal).ToArray();

        Assert.True(missing.Length == 0, "README's configuration table lacks: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_table_lists_no_key_the_binder_does_not_read()
    {
        var read = GamOptionsKeys.Map.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);

        var unknown = DocumentedKeys().Where(k => !read.Contains(k)).Order(StringComparer.Ordinal).ToArray();

        Assert.True(unknown.Length == 0, "README's configuration table lists keys that are not read: " + string.Join(", ", unknown));
    }

    // `Key` or `Key:{name}` in the first column.
    [GeneratedRegex(@"`(?<key>[A-Za-z]+)(?::\{[a-z]+\})?`")]
    private static partial Regex Key();
}
