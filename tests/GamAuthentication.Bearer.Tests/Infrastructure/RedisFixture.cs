using GamAuthentication.Testing;

namespace GamAuthentication.Bearer.Tests.Infrastructure;

/// <summary>One real redis-server per test class that uses it; fails the tests (never skips) when redis-server is missing.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}
