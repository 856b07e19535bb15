namespace GamAuthentication.Docs.Tests;

/// <summary>Every C# block of the documentation compiles (see <see cref="SnippetCompiler"/> for how each is wrapped).</summary>
public sealed class CSharpSnippetTests
{
    public static TheoryData<CodeBlock> Snippets() => Markdown.Cases("csharp");

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Compiles(CodeBlock block)
    {
        var errors = SnippetCompiler.Errors(block);

        Assert.True(errors.Count == 0, $"{block} does not compile:\n" + string.Join('\n', errors));
    }

    [Fact]
    public void README_snippets_compile_as_pasted_into_Program_cs_without_help()
    {
        var marked = Markdown.Blocks("csharp").Where(b => b.File == "README.md" && b.Marker is not null).ToArray();

        Assert.True(marked.Length == 0, "README snippets must show their usings and compile as pasted: " + string.Join(", ", marked.Select(b => b.ToString())));
    }

    [Fact]
    public void The_compiler_does_report_a_broken_snippet()
    {
        var broken = new CodeBlock("test.md", 1, "csharp", "builder.Services.AddGam();", null);

        Assert.Contains(SnippetCompiler.Errors(broken), e => e.Contains("AddGam", StringComparison.Ordinal));
    }
}
