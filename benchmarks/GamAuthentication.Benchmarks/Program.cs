using BenchmarkDotNet.Running;
using GamAuthentication.Benchmarks;

return args.FirstOrDefault() switch
{
    // The API sample as benchmarks/run.sh starts it, optionally with Redis as its distributed cache.
    "serve" => SampleHost.Serve(args[1..]),

    // Issues tokens from the sample's emulator and warms the caches with them.
    "tokens" => await TokenTool.RunAsync(args[1..]),

    // Signs the demo user in to the MVC sample and writes its Cookie header (server-side sessions scenarios).
    "signin" => await SignInTool.RunAsync(args[1..]),

    // BenchmarkDotNet: dotnet run -c Release --project benchmarks/GamAuthentication.Benchmarks -- --filter '*'
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CachedAuthenticationBenchmark).Assembly).Run(args);
    return 0;
}
