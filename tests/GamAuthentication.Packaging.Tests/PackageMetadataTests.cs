using System.Text;
using System.Xml.Linq;

namespace GamAuthentication.Packaging.Tests;

/// <summary>Every package says what it is, where it comes from and under which license, and ships its own README and icon.</summary>
[Collection(PackagesCollection.Name)]
public sealed class PackageMetadataTests(PackedPackages packages)
{
    private const string RepositoryUrl = "https://github.com/GamAuthentication/GamAuthentication";

    public static TheoryData<string, string> Libraries => new()
    {
        { "GamAuthentication", "src/GamAuthentication/PACKAGE.md" },
        { "GamAuthentication.Emulator", "src/GamAuthentication.Emulator/PACKAGE.md" },
        { "GamAuthentication.OpenIdConnect", "src/GamAuthentication.OpenIdConnect/PACKAGE.md" },
        { "GamAuthentication.StackExchangeRedis", "src/GamAuthentication.StackExchangeRedis/PACKAGE.md" },
    };

    public static TheoryData<string, string> Packages => new()
    {
        { "GamAuthentication", "src/GamAuthentication/PACKAGE.md" },
        { "GamAuthentication.Emulator", "src/GamAuthentication.Emulator/PACKAGE.md" },
        { "GamAuthentication.Emulator.Tool", "src/GamAuthentication.Emulator.Tool/PACKAGE.md" },
        { "GamAuthentication.OpenIdConnect", "src/GamAuthentication.OpenIdConnect/PACKAGE.md" },
        { "GamAuthentication.StackExchangeRedis", "src/GamAuthentication.StackExchangeRedis/PACKAGE.md" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void Library_package_carries_its_own_readme(string id, string readmePath)
    {
        var nupkg = packages.Nupkg(id);
        var metadata = PackedPackages.Nuspec(nupkg);
        Assert.Equal("PACKAGE.md", Value(metadata, "readme"));

        var packed = PackedPackages.Entry(nupkg, "PACKAGE.md");
        Assert.NotNull(packed);
        var expected = File.ReadAllText(Path.Combine(RepositoryPaths.Root, readmePath));
        Assert.Equal(expected, Encoding.UTF8.GetString(packed).TrimStart('\uFEFF'));

        // The package README is the package's, not the repository's, and points users at nothing they cannot read.
        Assert.NotEqual(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")), expected);
        Assert.DoesNotContain("gam-protocol.md", expected, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/", expected, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_has_icon_license_repository_and_release_notes(string id, string readmePath)
    {
        _ = readmePath;
        var nupkg = packages.Nupkg(id);
        var metadata = PackedPackages.Nuspec(nupkg);
        AssertCommonMetadata(nupkg, metadata);
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "description")));
        Assert.Contains(PackedPackages.Entries(nupkg), e => e == $"lib/net10.0/{id}.dll");
        Assert.Contains(PackedPackages.Entries(nupkg), e => e == $"lib/net10.0/{id}.xml");
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_has_a_symbol_package_with_its_pdb(string id, string readmePath)
    {
        _ = readmePath;
        var snupkg = Path.ChangeExtension(packages.Nupkg(id), ".snupkg");
        Assert.True(File.Exists(snupkg), $"{Path.GetFileName(snupkg)} was not produced (IncludeSymbols / SymbolPackageFormat).");
        Assert.Contains(PackedPackages.Entries(snupkg), e => e == $"lib/net10.0/{id}.pdb");
    }

    [Theory]
    [InlineData("GamAuthentication")]
    [InlineData("GamAuthentication.OpenIdConnect", "GamAuthentication", "Microsoft.IdentityModel.Protocols.OpenIdConnect")]
    [InlineData("GamAuthentication.StackExchangeRedis", "GamAuthentication", "Microsoft.Extensions.Caching.StackExchangeRedis", "Microsoft.AspNetCore.DataProtection.StackExchangeRedis", "StackExchange.Redis")]
    public void Library_package_depends_on_the_shared_framework_and_only_what_its_feature_needs(string id, params string[] dependencies)
    {
        var metadata = PackedPackages.Nuspec(packages.Nupkg(id));
        var ns = metadata.Name.Namespace;

        var declared = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(dependencies.Order(StringComparer.Ordinal), declared);
        Assert.Contains(metadata.Descendants(ns + "frameworkReference"), f => f.Attribute("name")?.Value == "Microsoft.AspNetCore.App");
    }

    internal static void AssertCommonMetadata(string nupkg, XElement metadata)
    {
        var ns = metadata.Name.Namespace;

        var license = metadata.Element(ns + "license");
        Assert.NotNull(license);
        Assert.Equal("expression", license.Attribute("type")?.Value);
        Assert.Equal("MIT", license.Value);
        var licenseText = PackedPackages.Entry(nupkg, "LICENSE");
        Assert.NotNull(licenseText);
        Assert.StartsWith("MIT License", Encoding.UTF8.GetString(licenseText), StringComparison.Ordinal);

        Assert.Equal("icon.png", Value(metadata, "icon"));
        var icon = PackedPackages.Entry(nupkg, "icon.png");
        Assert.NotNull(icon);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, icon.Take(4).ToArray());

        var repository = metadata.Element(ns + "repository");
        Assert.NotNull(repository);
        Assert.Equal("git", repository.Attribute("type")?.Value);
        Assert.Equal(RepositoryUrl, repository.Attribute("url")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);

        Assert.Equal(RepositoryUrl, Value(metadata, "projectUrl"));
        Assert.Contains("CHANGELOG.md", Value(metadata, "releaseNotes"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "authors")));
    }

    private static string Value(XElement metadata, string name) =>
        metadata.Element(metadata.Name.Namespace + name)?.Value ?? string.Empty;
}
