namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>
/// An empty content root for in-memory hosts: the API sample's appsettings.json is copied into this test
/// project's output (it references the sample) and must not configure the test hosts.
/// </summary>
internal static class TestHostRoot
{
    public static Microsoft.AspNetCore.Builder.WebApplicationOptions Options()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "empty-content-root");
        Directory.CreateDirectory(root);
        return new Microsoft.AspNetCore.Builder.WebApplicationOptions { ContentRootPath = root };
    }
}
