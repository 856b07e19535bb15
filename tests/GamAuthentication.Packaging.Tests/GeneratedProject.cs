using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace GamAuthentication.Packaging.Tests;

/// <summary>
/// A project created with <c>dotnet new</c> from the packed templates (installed into a throw-away template hive), with
/// a nuget.config that adds the freshly packed GamAuthentication packages to the machine's normal sources, and a
/// package cache of its own so a package packed by an earlier run is never reused.
/// </summary>
internal sealed partial class GeneratedProject : IDisposable
{
    private readonly string _root;

    private GeneratedProject(string root, string directory, string name)
    {
        _root = root;
        Directory = directory;
        Name = name;
    }

    public string Directory { get; }

    public string Name { get; }

    public string ProjectFile => Path.Combine(Directory, Name + ".csproj");

    /// <summary>The built app, Debug (what <c>dotnet build</c> gives a user).</summary>
    public string Dll => Path.Combine(Directory, "bin", "Debug", "net10.0", Name + ".dll");

    private Dictionary<string, string> Environment => new() { ["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-packages") };

    /// <summary>Installs the template package into a new hive and runs <c>dotnet new {shortName} -n {name}</c>.</summary>
    public static async Task<GeneratedProject> CreateAsync(PackedPackages packages, string shortName, string name)
    {
        var root = System.IO.Directory.CreateTempSubdirectory("gam-template-").FullName;
        var hive = Path.Combine(root, "hive");
        var directory = Path.Combine(root, name);
        var project = new GeneratedProject(root, directory, name);
        try
        {
            await DotnetCli.RunAsync(root, project.Environment, "new", "install", packages.Nupkg("GamAuthentication.Templates"), "--debug:custom-hive", hive);
            await DotnetCli.RunAsync(root, project.Environment, "new", shortName, "-n", name, "-o", directory, "--no-restore", "--debug:custom-hive", hive);
            await project.WriteNuGetConfigAsync(packages.Folder);
            return project;
        }
        catch
        {
            project.Dispose();
            throw;
        }
    }

    /// <summary>The versions the project asks for, by package id.</summary>
    public IReadOnlyDictionary<string, string> PackageReferences() =>
        XDocument.Load(ProjectFile).Descendants("PackageReference")
            .ToDictionary(e => e.Attribute("Include")!.Value, e => e.Attribute("Version")?.Value ?? string.Empty, StringComparer.Ordinal);

    public Task<string> BuildAsync() => DotnetCli.RunAsync(Directory, Environment, "build", ProjectFile, "-nologo", "-v", "q");

    public Task<RunningApp> StartAsync(string url, string environment = "Development") =>
        RunningApp.StartAsync(Directory, Dll, url, environment);

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Still in use by a process that is shutting down; it is in the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The local package folder plus the machine's own sources (NuGet reads the user-level config too). Source mapping
    /// makes GamAuthentication* come from the local folder only, whatever a public source may hold under that name.
    /// </summary>
    private async Task WriteNuGetConfigAsync(string localFolder)
    {
        var listed = await DotnetCli.RunAsync(Directory, Environment, "nuget", "list", "source");
        var machineSources = SourceNameRegex().Matches(listed).Select(m => m.Groups["name"].Value.Trim()).ToList();
        var mapping = new XElement("packageSourceMapping",
            new XElement("packageSource", new XAttribute("key", "gam-local"),
                new XElement("package", new XAttribute("pattern", "GamAuthentication")),
                new XElement("package", new XAttribute("pattern", "GamAuthentication.*"))),
            machineSources.Select(source => new XElement("packageSource", new XAttribute("key", source),
                new XElement("package", new XAttribute("pattern", "*")))));
        var config = new XDocument(new XElement("configuration",
            new XElement("packageSources", new XElement("add", new XAttribute("key", "gam-local"), new XAttribute("value", localFolder))),
            mapping));
        config.Save(Path.Combine(Directory, "nuget.config"));
    }

    [GeneratedRegex(@"^\s*\d+\.\s+(?<name>.+?)\s+\[Enabled\]", RegexOptions.Multiline)]
    private static partial Regex SourceNameRegex();
}
