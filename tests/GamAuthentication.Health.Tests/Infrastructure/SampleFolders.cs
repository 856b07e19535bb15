namespace GamAuthentication.Health.Tests.Infrastructure;

/// <summary>The samples' project folders, used as content roots so their own appsettings.json is the one loaded.</summary>
public static class SampleFolders
{
    public static string Mvc { get; } = Find("GamAuthentication.Samples.Mvc");

    public static string Api { get; } = Find("GamAuthentication.Samples.Api");

    private static string Find(string project)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "samples", project);
            if (File.Exists(Path.Combine(candidate, project + ".csproj")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"samples/{project} was not found above {AppContext.BaseDirectory}.");
    }
}
