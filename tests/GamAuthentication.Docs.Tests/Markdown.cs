using System.Text.RegularExpressions;

namespace GamAuthentication.Docs.Tests;

/// <summary>One fenced code block of a markdown file: its language, its text, and the snippet marker above it, if any.</summary>
public sealed record CodeBlock(string File, int Line, string Language, string Code, string? Marker)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>The documentation a user reads (README.md and docs/*.md) and what is in it.</summary>
public static partial class Markdown
{
    public static string Root { get; } = FindRoot();

    /// <summary>README.md, docs/*.md and the packages' READMEs, relative to the repository root.</summary>
    public static IReadOnlyList<string> Files { get; } =
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal),
        .. Directory.GetFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal),
    ];

    public static string Read(string file) => File.ReadAllText(Path.Combine(Root, file)).ReplaceLineEndings("\n");

    /// <summary>Every fenced block of <paramref name="language"/> in <see cref="Files"/>; a fence may be indented (in a list).</summary>
    public static IEnumerable<CodeBlock> Blocks(string language)
    {
        foreach (var file in Files)
        {
            var text = Read(file);
            foreach (Match match in Fence().Matches(text))
            {
                if (!string.Equals(match.Groups["lang"].Value, language, StringComparison.Ordinal))
                {
                    continue;
                }

                var indent = match.Groups["indent"].Value.Length;
                var code = string.Join('\n', match.Groups["code"].Value.Split('\n').Select(l => l.Length >= indent && string.IsNullOrWhiteSpace(l[..indent]) ? l[indent..] : l.TrimStart()));
                var marker = match.Groups["marker"].Success ? match.Groups["marker"].Value.Trim() : null;
                yield return new CodeBlock(file, text[..match.Index].Count(c => c == '\n') + 1, language, code, marker);
            }
        }
    }

    /// <summary>Sets of test cases for xunit: one per block.</summary>
    public static TheoryData<CodeBlock> Cases(string language)
    {
        var data = new TheoryData<CodeBlock>();
        foreach (var block in Blocks(language))
        {
            data.Add(block);
        }

        return data;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GamAuthentication.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (GamAuthentication.sln) was not found above " + AppContext.BaseDirectory);
    }

    // An optional <!-- snippet: ... --> line, then ```lang ... ``` at the same indentation.
    [GeneratedRegex(@"(?:<!--\s*snippet:(?<marker>[^\n]*?)-->\n)?(?<indent>[ ]*)```(?<lang>[A-Za-z0-9+-]*)\n(?<code>.*?)\n\k<indent>```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
