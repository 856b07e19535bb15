using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace GamAuthentication.Configuration;

/// <summary>
/// Reads typed values from one options section. A value that is present but cannot be parsed becomes a problem that
/// names the configuration key (reported by the options' validation, with every other problem at once), never a
/// silently ignored value.
/// </summary>
internal sealed class GamConfigurationReader(IConfiguration section, ICollection<string> problems)
{
    public IConfiguration Section => section;

    /// <summary>The full configuration path of a key, e.g. <c>Authentication:Schemes:Gam:ClientId</c>.</summary>
    public string PathOf(string key) => section is IConfigurationSection s && s.Path.Length > 0 ? s.Path + ":" + key : key;

    public void String(string key, Action<string> assign)
    {
        if (section[key] is { } value)
        {
            assign(value);
        }
    }

    public void Boolean(string key, Action<bool> assign) => Parse(key, assign, static v => (bool.TryParse(v, out var b), b), "true or false");

    public void Int32(string key, Action<int> assign) =>
        Parse(key, assign, static v => (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i), i), "an integer");

    public void Int64(string key, Action<long> assign) =>
        Parse(key, assign, static v => (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l), l), "an integer");

    public void TimeSpan(string key, Action<TimeSpan> assign) =>
        Parse(key, assign, static v => (System.TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t), t), "a time span such as 00:01:00");

    public void Path(string key, Action<PathString> assign) =>
        Parse(key, assign, static v => v.StartsWith('/') ? (true, new PathString(v)) : (false, default),
            "a path that starts with '/', e.g. /signin-gam");

    public void Enum<TEnum>(string key, Action<TEnum> assign)
        where TEnum : struct, Enum =>
        Parse(key, assign, static v => (System.Enum.TryParse<TEnum>(v, ignoreCase: true, out var e) && System.Enum.IsDefined(e), e),
            "one of " + string.Join(", ", System.Enum.GetNames<TEnum>()));

    /// <summary>A list given either as an array (<c>Key:0</c>, <c>Key:1</c>) or as one space- or comma-separated string.</summary>
    public void List(string key, Action<IReadOnlyList<string>> assign)
    {
        var child = section.GetSection(key);
        var items = child.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
        if (items.Count == 0 && !string.IsNullOrWhiteSpace(child.Value))
        {
            items.AddRange(child.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (child.Value is not null || items.Count > 0)
        {
            assign(items);
        }
    }

    /// <summary>Replaces <paramref name="target"/> with the configured list, when one is configured.</summary>
    public void Replace(string key, ICollection<string> target) => List(key, items =>
    {
        target.Clear();
        foreach (var item in items)
        {
            target.Add(item);
        }
    });

    /// <summary>A dictionary from the children of a section (<c>Key:name = value</c>).</summary>
    public void Dictionary(string key, Action<string, string> assign)
    {
        foreach (var child in section.GetSection(key).GetChildren())
        {
            if (child.Value is not null)
            {
                assign(child.Key, child.Value);
            }
        }
    }

    private void Parse<T>(string key, Action<T> assign, Func<string, (bool Ok, T Value)> parse, string expected)
    {
        if (section[key] is not { } raw)
        {
            return;
        }

        var (ok, value) = parse(raw.Trim());
        if (ok)
        {
            assign(value);
        }
        else
        {
            problems.Add($"GAM: configuration value '{PathOf(key)}' must be {expected}.");
        }
    }
}
