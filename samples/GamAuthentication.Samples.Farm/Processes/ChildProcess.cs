using System.Diagnostics;

namespace GamAuthentication.Samples.Farm.Processes;

/// <summary>
/// One process of the farm (redis-server, the emulator, a sample instance): its output goes to the launcher's log
/// with the instance name in front; disposing kills it and everything it started.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>The instance name, e.g. <c>mvc-2</c>.</summary>
    public string Name { get; }

    /// <summary>Completes when the process exits, whoever ended it.</summary>
    public Task Exited => _exited.Task;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess Start(string name, string executable, IEnumerable<string> arguments, string workingDirectory, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(log);
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The children log to the launcher's console; colours would only add escape codes to the prefixed lines.
        startInfo.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        startInfo.Environment["Logging__Console__ColorBehavior"] = "Disabled";

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => Forward(log, name, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(log, name, e.Data);
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until <paramref name="isReady"/> says yes; fails when the process exits first or the deadline passes.</summary>
    public async Task WaitUntilReadyAsync(Func<CancellationToken, Task<bool>> isReady, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isReady);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        try
        {
            while (!await isReady(timeout.Token).ConfigureAwait(false))
            {
                if (Exited.IsCompleted)
                {
                    throw new InvalidOperationException($"{Name} exited during start-up (exit code {_process.ExitCode}); its output is above.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not become ready within {deadline.TotalSeconds} s; its output is above.");
        }
    }

    /// <summary>Kills the process and its children, then waits for it to exit.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped: nothing left to stop.
        }

        _process.Dispose();
    }

    private static void Forward(Action<string> log, string name, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            log($"[{name}] {line}");
        }
    }
}
