namespace GamAuthentication.Packaging.Tests;

/// <summary>Where things are in the repository this test assembly was built from.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding GamAuthentication.sln, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The configuration the test assembly (and so the solution) was built in.</summary>
    public const string Configuration =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The projects that produce a package: every project under src/, and the templates package.</summary>
    public static IReadOnlyList<string> PackableProjects()
    {
        var templates = Path.Combine(Root, "templates");
        return
        [
            .. Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal),
            .. Directory.Exists(templates) ? Directory.GetFiles(templates, "*.csproj", SearchOption.TopDirectoryOnly) : [],
        ];
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GamAuthentication.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"GamAuthentication.sln was not found above {AppContext.BaseDirectory}.");
    }
}
