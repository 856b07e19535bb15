// GamAuthentication build script (Cake 7). Run through ./build.sh, which restores the Cake tool and
// installs the Debian packages the tests need.
//   ./build.sh                    → Test (default): build and run every test project
//   ./build.sh --target=Build     → Restore + Build
//   ./build.sh --target=Pack      → NuGet packages of src/ and templates/ (+ .snupkg symbols) into artifacts/packages
//   ./build.sh --target=Clean
//   ./build.sh --target=Farm      → the farm demo: Redis, one GAM, 3 MVC + 2 API instances behind YARP on http://localhost:5080
//                                   (--base-port=6080 moves every port; --server-side-sessions=false keeps tokens in the cookie)

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = File("./GamAuthentication.sln");
var artifacts = Directory("./artifacts");
var testResults = artifacts + Directory("test-results");

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
    DotNetClean(solution, new DotNetCleanSettings { Configuration = configuration, Verbosity = DotNetVerbosity.Minimal });
});

Task("Restore")
    .Does(() =>
{
    DotNetRestore(solution);
});

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });

    // The benchmarks are not in the solution (BenchmarkDotNet runs them on demand), so compile them here:
    // an API change that breaks them fails the build instead of the next person who wants a number.
    DotNetBuild("./benchmarks/GamAuthentication.Benchmarks/GamAuthentication.Benchmarks.csproj", new DotNetBuildSettings
    {
        Configuration = configuration,
    });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/**/*.Tests.csproj").Concat(GetFiles("./tests/**/*Tests.csproj")).Distinct())
    {
        var name = project.GetFilenameWithoutExtension().ToString();
        Information($"Testing {name}");
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                NoRestore = true,
                ResultsDirectory = testResults,
                Loggers = new[] { $"trx;LogFileName={name}.trx", "console;verbosity=minimal" },
            });
        }
        catch (Exception ex)
        {
            failures.Add($"{name}: {ex.Message}");
        }
    }

    // One summary line over every project, read from the TRX files.
    long passed = 0, failed = 0, total = 0;
    foreach (var trx in GetFiles(testResults.Path.FullPath + "/*.trx"))
    {
        var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        total += long.Parse(counters.Attribute("total").Value);
        passed += long.Parse(counters.Attribute("passed").Value);
        failed += long.Parse(counters.Attribute("failed").Value);
    }

    // Plain text on its own line (no colours) so CI can read the totals.
    Console.WriteLine($"Tests: {passed} passed, {failed} failed");
    if (failures.Count > 0 || failed > 0 || total == 0)
    {
        throw new Exception("Tests failed: " + (failures.Count > 0 ? string.Join("; ", failures) : total == 0 ? "no test ran" : $"{failed} failed"));
    }
});

Task("Pack")
    .IsDependentOn("Build")
    .Does(() =>
{
    foreach (var project in GetFiles("./src/**/*.csproj").Concat(GetFiles("./templates/*.csproj")))
    {
        DotNetPack(project.FullPath, new DotNetPackSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            OutputDirectory = artifacts + Directory("packages"),
        });
    }
});

// Not part of Build/Test: it runs until Ctrl+C. Builds only the launcher (and the samples and emulator it starts).
Task("Farm")
    .Does(() =>
{
    var launcher = "./samples/GamAuthentication.Samples.Farm/GamAuthentication.Samples.Farm.csproj";
    DotNetBuild(launcher, new DotNetBuildSettings { Configuration = configuration });
    var arguments = new ProcessArgumentBuilder()
        .Append($"./samples/GamAuthentication.Samples.Farm/bin/{configuration}/net10.0/GamAuthentication.Samples.Farm.dll")
        .Append("--BasePort=" + Argument("base-port", "5080"))
        .Append("--ServerSideSessions=" + Argument("server-side-sessions", "true"))
        .Append("--AccessTokenLifetimeSeconds=" + Argument("token-lifetime", "90"));
    var exitCode = StartProcess("dotnet", new ProcessSettings { Arguments = arguments });
    if (exitCode != 0 && exitCode != 130)
    {
        throw new Exception($"The farm launcher stopped with exit code {exitCode}.");
    }
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
