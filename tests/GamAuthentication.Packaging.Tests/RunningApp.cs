using System.Diagnostics;
using System.Text;

namespace GamAuthentication.Packaging.Tests;

/// <summary>An app built from a template, started as its own process on a loopback URL; killed on dispose.</summary>
internal sealed class RunningApp : IAsyncDisposable
{
    /// <summary>How long start-up may take before the test gives up (a hang guard on a busy machine, not a timing assertion).</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private RunningApp(Process process, StringBuilder output, string url)
    {
        _process = process;
        _output = output;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Everything the app printed so far.</summary>
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

    /// <summary>Runs <c>dotnet {dll} --urls {url}</c> in <paramref name="contentRoot"/> and returns once Kestrel listens.</summary>
    public static async Task<RunningApp> StartAsync(string contentRoot, string dll, string url, string environment)
    {
        var startInfo = DotnetCli.StartInfo(contentRoot, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = environment }, [dll, "--urls", url]);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("Now listening on:", StringComparison.Ordinal))
            {
                listening.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new AppExitedException(Text(output)));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new RunningApp(process, output, url);
        try
        {
            await listening.Task.WaitAsync(StartLimit);
        }
        catch (TimeoutException)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"{dll} did not start listening within {StartLimit.TotalMinutes} minutes:{Environment.NewLine}{app.Output}");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}

/// <summary>The app exited before it listened; <see cref="Exception.Message"/> holds what it printed.</summary>
internal sealed class AppExitedException(string output) : Exception("The app exited during start-up:" + Environment.NewLine + output);
