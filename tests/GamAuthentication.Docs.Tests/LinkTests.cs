using System.Text.RegularExpressions;

namespace GamAuthentication.Docs.Tests;

/// <summary>Relative links of the documentation lead to files of this repository; none leads out of it.</summary>
public sealed partial class LinkTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Markdown.Files)
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_relative_link_points_to_an_existing_file_in_the_repository(string file)
    {
        var directory = Path.GetDirectoryName(Path.Combine(Markdown.Root, file))!;
        var broken = new List<string>();
        foreach (Match link in Link().Matches(Markdown.Read(file)))
        {
            var target = link.Groups["target"].Value;
            if (UriScheme().IsMatch(target) || target.StartsWith('#'))
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(directory, Uri.UnescapeDataString(target.Split('#')[0])));
            if (!path.StartsWith(Markdown.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                broken.Add($"{target} (outside the repository)");
            }
            else if (!File.Exists(path) && !Directory.Exists(path))
            {
                broken.Add($"{target} (no such file)");
            }
        }

        Assert.True(broken.Count == 0, $"{file}: " + string.Join(", ", broken));
    }

    [Fact]
    public void The_link_check_sees_a_broken_link()
    {
        Assert.Matches(Link(), "see [the docs](docs/nothing-here.md).");
        Assert.False(File.Exists(Path.Combine(Markdown.Root, "docs/nothing-here.md")));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_page_says_a_package_does_not_restore(string file)
    {
        Assert.DoesNotMatch(NotRestore(), Markdown.Read(file));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"(does not|doesn't|do not|cannot|can't) restore", RegexOptions.IgnoreCase)]
    private static partial Regex NotRestore();
}
