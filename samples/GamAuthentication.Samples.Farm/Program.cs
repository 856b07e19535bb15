using System.Runtime.InteropServices;
using GamAuthentication.Samples.Farm;

// The farm demo in one command. Ctrl+C (or SIGTERM) stops every process it started.
var configuration = new ConfigurationBuilder()
    .AddEnvironmentVariables(FarmSettings.EnvironmentPrefix)
    .AddCommandLine(args)
    .Build();
FarmSettings settings;
try
{
    settings = FarmSettings.From(configuration);
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync("farm: " + e.Message);
    return 2;
}

using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var output = new object();
void Log(string line)
{
    lock (output)
    {
        Console.WriteLine(line);
    }
}

FarmLauncher farm;
try
{
    farm = await FarmLauncher.StartAsync(settings, Log, stop.Token);
}
catch (OperationCanceledException)
{
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException or System.ComponentModel.Win32Exception)
{
    await Console.Error.WriteLineAsync("farm: " + e.Message);
    return 1;
}

await using (farm)
{
    Log(FarmAnnouncement.Describe(farm));
    var stopped = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    if (await Task.WhenAny(stopped, farm.AnyExited) != stopped)
    {
        await Console.Error.WriteLineAsync("farm: a process of the farm exited on its own (see its output above); stopping the rest.");
        return 1;
    }

    Log("Stopping the farm...");
}

return 0;

void Stop(PosixSignalContext context)
{
    // Handled here: the runtime must not end the process before the farm's processes are stopped.
    context.Cancel = true;
    stop.Cancel();
}
