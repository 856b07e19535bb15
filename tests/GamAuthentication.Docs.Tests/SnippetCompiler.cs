using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GamAuthentication.Docs.Tests;

/// <summary>
/// Compiles a C# snippet of the documentation against the framework, the libraries and the packages the snippets use.
/// <list type="bullet">
/// <item>Unmarked: a <c>Program.cs</c> of a web project (the Web SDK's implicit usings, nothing else): its own usings
/// must be shown. <c>builder</c> and <c>app</c> are there when the snippet uses them without declaring them, as in a
/// Program.cs between <c>WebApplication.CreateBuilder(args)</c> and <c>app.Run()</c>.</item>
/// <item><c>&lt;!-- snippet: fragment --&gt;</c>: the body of an async method of an MVC controller, with the library's
/// namespaces imported and <c>builder</c> and <c>app</c> in scope; text after a <c>;</c> in the marker declares more
/// parameters, e.g. <c>&lt;!-- snippet: fragment; GamTokenClient tokens, string password --&gt;</c>.</item>
/// </list>
/// </summary>
public static partial class SnippetCompiler
{
    private static readonly string[] WebImplicitUsings =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Net.Http.Json", "System.Threading",
        "System.Threading.Tasks", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    private static readonly string[] FragmentUsings =
    [
        "System.Net", "System.Security.Claims", "GamAuthentication", "GamAuthentication.Bearer", "GamAuthentication.Tokens",
        "GamAuthentication.Diagnostics", "GamAuthentication.Emulator", "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authentication.Cookies", "Microsoft.AspNetCore.HttpOverrides", "Microsoft.AspNetCore.Mvc",
        "Microsoft.Extensions.Diagnostics.HealthChecks", "OpenTelemetry.Metrics", "OpenTelemetry.Trace",
    ];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>The compiler's errors for <paramref name="block"/>, each with the source line it points at.</summary>
    public static IReadOnlyList<string> Errors(CodeBlock block)
    {
        var source = Source(block);
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview), path: block.File);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [tree, CSharpSyntaxTree.ParseText(string.Concat(WebImplicitUsings.Select(u => $"global using global::{u};\n")), new CSharpParseOptions(LanguageVersion.Preview))],
            References.Value,
            new CSharpCompilationOptions(tree.GetRoot().ChildNodes().Any(n => n.IsKind(SyntaxKind.GlobalStatement)) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        var lines = source.Split('\n');
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                var line = d.Location.GetLineSpan().StartLinePosition.Line;
                return $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}  >>  {(line >= 0 && line < lines.Length ? lines[line].Trim() : string.Empty)}";
            })
            .ToArray();
    }

    private static string Source(CodeBlock block)
    {
        if (block.Marker is { } marker && marker.StartsWith("fragment", StringComparison.Ordinal))
        {
            var extra = marker.Contains(';', StringComparison.Ordinal) ? ", " + marker[(marker.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim() : string.Empty;
            var text = new StringBuilder();
            foreach (var u in FragmentUsings)
            {
                text.Append("using ").Append(u).Append(";\n");
            }

            text.Append("#pragma warning disable\npublic sealed class Snippet : Controller\n{\n")
                .Append("    public async Task<object?> RunAsync(WebApplicationBuilder builder").Append(Declares(block.Code, "app") ? string.Empty : ", WebApplication app").Append(extra).Append(")\n    {\n")
                .Append(block.Code).Append("\n        return null;\n    }\n}\n");
            return text.ToString();
        }

        // A Program.cs: the snippet's usings first, then the context it expects, then the rest.
        var code = block.Code.Split('\n');
        var usings = code.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || string.IsNullOrWhiteSpace(l)).ToArray();
        var rest = string.Join('\n', code.Skip(usings.Length));
        var context = new StringBuilder();
        if (Uses(rest, "builder") && !Declares(rest, "builder"))
        {
            context.Append("var builder = WebApplication.CreateBuilder(args);\n");
        }

        if (Uses(rest, "app") && !Declares(rest, "app"))
        {
            context.Append("var app = WebApplication.CreateBuilder(args).Build();\n");
        }

        return string.Join('\n', usings) + "\n#pragma warning disable\n" + context + rest + "\n";
    }

    private static bool Uses(string code, string name) => Regex.IsMatch(code, $@"(?<![\w.]){name}\.");

    private static bool Declares(string code, string name) => Regex.IsMatch(code, $@"\bvar {name}\b");
}
