using System.IO.Compression;
using System.Xml.Linq;

namespace GamAuthentication.Packaging.Tests;

/// <summary>
/// Packs every packable project of the repository (src/ and templates/) once, with <c>dotnet pack --no-build</c>,
/// into a temporary folder that the tests read and use as a local package source.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    /// <summary>The folder holding the .nupkg and .snupkg files.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "gam-packages-" + Guid.NewGuid().ToString("N"));

    /// <summary>The version every package was packed with.</summary>
    public string Version { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        foreach (var project in RepositoryPaths.PackableProjects())
        {
            await DotnetCli.RunAsync(RepositoryPaths.Root, null,
                "pack", project, "-c", RepositoryPaths.Configuration, "--no-build", "-o", Folder, "-v", "q", "-nologo");
        }

        var library = Nupkg("GamAuthentication");
        Version = Nuspec(library).Element(Nuspec(library).Name.Namespace + "version")!.Value;
    }

    /// <summary>The path of the package <paramref name="id"/>; fails when it was not produced.</summary>
    public string Nupkg(string id)
    {
        var match = Directory.GetFiles(Folder, id + ".*.nupkg")
            .Where(p => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(p), "^" + System.Text.RegularExpressions.Regex.Escape(id) + @"\.\d"))
            .ToList();
        Assert.True(match.Count == 1, $"Expected one package {id} in {Folder}, found: {string.Join(", ", Directory.GetFiles(Folder).Select(Path.GetFileName))}");
        return match[0];
    }

    /// <summary>The metadata element of a package's .nuspec.</summary>
    public static XElement Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        var document = XDocument.Load(stream);
        return document.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    /// <summary>The bytes of one file inside a package, or null when it is not there.</summary>
    public static byte[]? Entry(string nupkg, string path)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.GetEntry(path);
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Every file path inside a package.</summary>
    public static IReadOnlyList<string> Entries(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a child process; the temp folder is cleaned up by the OS eventually.
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "packages";
}
