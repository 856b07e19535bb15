using System.Reflection;

namespace GamAuthentication.Samples.Farm.Processes;

/// <summary>
/// A project of this repository built next to the launcher (same configuration): where its dll is and which directory
/// it runs in (its project folder, so it finds its appsettings.json and wwwroot as <c>dotnet run</c> would).
/// </summary>
/// <param name="ProjectDirectory">The project folder.</param>
/// <param name="Assembly">The built dll.</param>
public sealed record BuiltProject(string ProjectDirectory, string Assembly)
{
    /// <summary>The MVC sample.</summary>
    public static BuiltProject Mvc => Find("samples", "GamAuthentication.Samples.Mvc");

    /// <summary>The API sample.</summary>
    public static BuiltProject Api => Find("samples", "GamAuthentication.Samples.Api");

    /// <summary>The stand-alone emulator (<c>gam-emulator</c>).</summary>
    public static BuiltProject Emulator => Find("src", "GamAuthentication.Emulator.Tool");

    /// <summary>The arguments that run it: <c>dotnet &lt;dll&gt;</c>.</summary>
    public IEnumerable<string> DotnetArguments(IEnumerable<string> arguments) => new[] { Assembly }.Concat(arguments);

    private static BuiltProject Find(string folder, string name)
    {
        var root = RepositoryRoot();
        var configuration = typeof(BuiltProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "GamBuildConfiguration")?.Value ?? "Release";
        var directory = Path.Combine(root, folder, name);
        var assembly = Path.Combine(directory, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(assembly)
            ? new BuiltProject(directory, assembly)
            : throw new FileNotFoundException(
                $"{name} is not built ({assembly} is missing): build samples/GamAuthentication.Samples.Farm with -c {configuration} first.", assembly);
    }

    /// <summary>The repository root: the first folder above the launcher (or the test that runs it) holding GamAuthentication.sln.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GamAuthentication.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No GamAuthentication.sln above {AppContext.BaseDirectory}: the farm launcher runs from a build of this repository.");
    }
}
