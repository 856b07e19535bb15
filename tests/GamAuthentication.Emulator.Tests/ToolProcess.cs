using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace GamAuthentication.Emulator.Tests;

/// <summary>
/// The built <c>gam-emulator</c> tool run as a separate process (<c>dotnet GamAuthentication.Emulator.Tool.dll</c>)
/// on port 0 of the loopback interface: the OS picks a free port and the tool's start-up line says which.
/// Disposing stops it with SIGINT (what Ctrl+C sends) and kills it if it does not exit.
/// </summary>
internal sealed partial class ToolProcess : IAsyncDisposable
{
    // Guards against a tool that never gets ready or never stops; not a measurement.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ToolProcess(Process process) => _process = process;

    /// <summary>The GAM authority from the start-up line, e.g. <c>http://127.0.0.1:41234/gam</c>.</summary>
    public string Authority { get; private set; } = string.Empty;

    /// <summary>The OpenID Connect authority from the start-up line, or the "off" note.</summary>
    public string OpenIdConnectAuthority { get; private set; } = string.Empty;

    /// <summary>The start-up line itself.</summary>
    public string ReadyLine { get; private set; } = string.Empty;

    /// <summary>Everything the tool wrote so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string Configuration => Metadata("Configuration");

    public static string ProjectPath => Metadata("EmulatorToolProject");

    public static string AssemblyPath => Metadata("EmulatorToolAssembly");

    /// <summary>The <c>dotnet</c> host that runs the tests (the SDK sets DOTNET_HOST_PATH), else <c>dotnet</c> from PATH.</summary>
    public static string DotNet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts the tool with <paramref name="arguments"/> and waits for its start-up line.</summary>
    public static async Task<ToolProcess> StartAsync(IEnumerable<string> arguments, IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        Assert.True(File.Exists(AssemblyPath), $"The tool is not built at {AssemblyPath}: build the solution first.");
        var startInfo = new ProcessStartInfo(DotNet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Plain, uncoloured console lines; no environment from the test run leaks in.
        startInfo.Environment["DOTNET_CONSOLE_ANSI_COLOR"] = "false";
        startInfo.Environment.Remove("ASPNETCORE_URLS");
        startInfo.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var tool = new ToolProcess(new Process { StartInfo = startInfo, EnableRaisingEvents = true });
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tool._process.OutputDataReceived += (_, e) => tool.OnLine(e.Data, ready);
        tool._process.ErrorDataReceived += (_, e) => tool.OnLine(e.Data, ready);
        tool._process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("gam-emulator exited before it was ready:\n" + tool.Output));
        tool._process.Start();
        tool._process.BeginOutputReadLine();
        tool._process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(Patience);
        }
        catch
        {
            await tool.DisposeAsync();
            throw;
        }

        return tool;
    }

    /// <summary>Runs a command to its end; returns its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Remove("ASPNETCORE_URLS");
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Patience * 3);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Sends SIGINT, as Ctrl+C does, and returns the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var cancel = new CancellationTokenSource(Patience);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await InterruptAsync();
            }
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = ReadyRegex().Match(line);
        if (match.Success)
        {
            ReadyLine = line.Trim();
            Authority = match.Groups["gam"].Value;
            OpenIdConnectAuthority = match.Groups["oidc"].Value;
            ready.TrySetResult();
        }
    }

    private static string Metadata(string key) =>
        typeof(ToolProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [GeneratedRegex(@"GAM emulator ready\. Authority: (?<gam>\S+) \| OpenID Connect authority: (?<oidc>[^|]+?) \|")]
    private static partial Regex ReadyRegex();
}
