using System.Reflection;
using System.Text.RegularExpressions;
using GamAuthentication.Diagnostics;

namespace GamAuthentication.Docs.Tests;

/// <summary>docs/diagnostics.md names every metric, span and tag of the library (GamMetrics, GamSpans), and nothing else.</summary>
public sealed partial class DiagnosticsDocTests
{
    private static IReadOnlySet<string> NamesInCode() =>
        new[] { typeof(GamMetrics), typeof(GamSpans) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.GetRawConstantValue() is string value && value.StartsWith("gam.", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);

    private static IReadOnlySet<string> NamesInDoc() =>
        Name().Matches(Markdown.Read("docs/diagnostics.md")).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Every_metric_span_and_tag_of_the_library_is_documented()
    {
        var undocumented = NamesInCode().Except(NamesInDoc()).Order(StringComparer.Ordinal).ToArray();

        Assert.True(undocumented.Length == 0, "docs/diagnostics.md lacks: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void The_page_names_nothing_the_library_does_not_have()
    {
        var unknown = NamesInDoc().Except(NamesInCode()).Order(StringComparer.Ordinal).ToArray();

        Assert.True(unknown.Length == 0, "docs/diagnostics.md names what the library does not have: " + string.Join(", ", unknown));
    }

    [Fact]
    public void The_activity_source_and_the_meter_share_the_documented_name()
    {
        Assert.Equal(GamMetrics.MeterName, GamMetrics.ActivitySourceName);
        Assert.Contains($"`{GamMetrics.MeterName}`", Markdown.Read("docs/diagnostics.md"), StringComparison.Ordinal);
    }

    // Back-ticked gam.* names.
    [GeneratedRegex(@"`(?<name>gam\.[a-z0-9_.]+)`")]
    private static partial Regex Name();
}
