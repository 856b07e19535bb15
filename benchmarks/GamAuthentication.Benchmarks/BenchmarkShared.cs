using System.Net;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GamAuthentication.Benchmarks;

/// <summary>What the in-process benchmarks share: the demo user's userinfo, a stub GAM and the job settings.</summary>
internal static class BenchmarkShared
{
    /// <summary>The emulator's demo user: 17 claims once mapped.</summary>
    public const string DemoUserInfo = """
        {"guid":"0c4e6b2a-8f1d-4a3b-9c5e-1d2f3a4b5c61","username":"demo","email":"demo@example.com","verified_email":true,
         "first_name":"Demo","last_name":"User","external_id":"demo-ext-1001","birthday":"1990-05-17","gender":"N",
         "phone":"+598 2901 0000","city":"Montevideo","language":"en","timezone":"America/Montevideo",
         "CustomInfo":"{\"Department\":\"Sales\"}","roles":["User"]}
        """;

    /// <summary>In-process, short: the numbers compared are allocations, which do not need long runs.</summary>
    internal sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10));
    }

    /// <summary>A GAM userinfo endpoint that always answers the given JSON.</summary>
    internal sealed class StubUserInfo(string json) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
    }
}
