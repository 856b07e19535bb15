using System.Text.Json;

namespace GamAuthentication.Docs.Tests;

/// <summary>Every JSON block parses as appsettings.json would read it (comments allowed, nothing else).</summary>
public sealed class JsonSnippetTests
{
    public static TheoryData<CodeBlock> Blocks() => Markdown.Cases("json");

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Parses(CodeBlock block)
    {
        var exception = Record.Exception(() => JsonDocument.Parse(block.Code, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }).Dispose());

        Assert.True(exception is null, $"{block} is not JSON: {exception?.Message}");
    }
}
