using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;

namespace GamAuthentication.Benchmarks;

/// <summary>
/// What keeping the bearer token costs per request (<c>SaveToken</c>, on by default): the framework's
/// <c>StoreTokens</c> against the two property entries the handler writes, which are what <c>StoreTokens</c> writes
/// for one token and what <c>GetTokenAsync("access_token")</c> reads.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkShared.Config))]
public class SaveTokenBenchmark
{
    private const string Token = "2d2a6d1e-1c53-4b63-9a9b-5f3a1d2e4c6b!8b3f0f5a6c7d4e2b9a1c0d3e5f7a9b2c4d6e8f0a1b3c5d7e9f2a4b6c8d0e1f3a5b7c9";

    [Benchmark(Baseline = true)]
    public AuthenticationProperties StoreTokens()
    {
        var properties = new AuthenticationProperties();
        properties.StoreTokens([new AuthenticationToken { Name = "access_token", Value = Token }]);
        return properties;
    }

    [Benchmark]
    public AuthenticationProperties TwoEntries()
    {
        var properties = new AuthenticationProperties();
        properties.Items[".TokenNames"] = "access_token";
        properties.Items[".Token.access_token"] = Token;
        return properties;
    }

    /// <summary>Both write what the framework reads back.</summary>
    [GlobalSetup]
    public void Check()
    {
        if (StoreTokens().GetTokenValue("access_token") != Token || TwoEntries().GetTokenValue("access_token") != Token
            || StoreTokens().Items[".TokenNames"] != TwoEntries().Items[".TokenNames"])
        {
            throw new InvalidOperationException("The two ways of saving the token disagree.");
        }
    }
}
