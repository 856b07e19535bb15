using System.Net;
using System.Text.Json;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Emulator;
using GamAuthentication.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using GamAuthentication.Diagnostics;

namespace GamAuthentication.Bearer.Tests;

/// <summary>
/// Concurrent requests that miss the cache for the same token share one userinfo call, which runs detached
/// from every request (own timeout, no request cancellation, no request context).
/// </summary>
public sealed class BearerCoalescingTests : IAsyncLifetime
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private GamTestServer _gam = null!;

    public async Task InitializeAsync() => _gam = await GamTestServer.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task Five_hundred_concurrent_first_requests_with_one_token_make_exactly_one_userinfo_call()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        api.Faults.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allWaiting = api.Counter(GamMetrics.CoalescedWaits).WaitForMeasurementsAsync(499);

        var requests = Enumerable.Range(0, 500).Select(_ => api.GetWithTokenAsync("/me", token)).ToArray();
        await api.Faults.CallStarted.WaitAsync(Guard);
        await allWaiting.WaitAsync(Guard);
        api.Faults.Gate.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _gam.UserInfoCalls);
        Assert.Equal(1, api.Counter(GamMetrics.CacheMisses).Total());
        Assert.Equal(499, api.Counter(GamMetrics.CoalescedWaits).Total());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_cancelled_first_caller_does_not_cancel_the_shared_call_or_fail_the_others()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        api.Faults.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abort = new CancellationTokenSource();
        using var firstScope = api.Services.CreateScope();
        using var secondScope = api.Services.CreateScope();
        var firstContext = Request(firstScope, token);
        firstContext.RequestAborted = abort.Token;
        var secondContext = Request(secondScope, token);

        // Each request resolves its handler from its own scope, as the authentication middleware does.
        var first = firstContext.AuthenticateAsync(GamBearerDefaults.AuthenticationScheme);
        await api.Faults.CallStarted.WaitAsync(Guard);
        var secondWaiting = api.Counter(GamMetrics.CoalescedWaits).WaitForMeasurementsAsync(1);
        var second = secondContext.AuthenticateAsync(GamBearerDefaults.AuthenticationScheme);
        await secondWaiting.WaitAsync(Guard);
        await abort.CancelAsync();
        var firstResult = await first.WaitAsync(Guard);

        Assert.False(firstResult.Succeeded);
        Assert.Contains("aborted", firstResult.Failure!.Message, StringComparison.Ordinal);
        Assert.False(second.IsCompleted);
        Assert.False(api.Faults.LastCallToken.IsCancellationRequested);

        api.Faults.Gate.SetResult();
        var secondResult = await second.WaitAsync(Guard);

        Assert.True(secondResult.Succeeded);
        Assert.Equal(GamEmulatorDefaults.DemoUserName, secondResult.Principal!.Identity!.Name);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task A_cancelled_request_over_HTTP_does_not_fail_the_request_it_shares_with()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        api.Faults.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var abort = new CancellationTokenSource();

        var first = api.GetWithTokenAsync("/me", token, abort.Token);
        await api.Faults.CallStarted.WaitAsync(Guard);
        var secondWaiting = api.Counter(GamMetrics.CoalescedWaits).WaitForMeasurementsAsync(1);
        var second = api.GetWithTokenAsync("/me", token);
        await secondWaiting.WaitAsync(Guard);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Guard));
        api.Faults.Gate.SetResult();
        using var response = await second.WaitAsync(Guard);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task GAM_unavailable_reaches_every_waiter_as_503_and_is_not_cached()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();
        api.Faults.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.InternalServerError);
        var allWaiting = api.Counter(GamMetrics.CoalescedWaits).WaitForMeasurementsAsync(49);

        var requests = Enumerable.Range(0, 50).Select(_ => api.GetWithTokenAsync("/me", token)).ToArray();
        await allWaiting.WaitAsync(Guard);
        api.Faults.Gate.SetResult();
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
        Assert.Equal(1, api.Faults.Calls);

        api.Faults.Gate = null;
        api.Faults.Fault = null;
        using var recovered = await api.GetWithTokenAsync("/me", token);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(2, api.Faults.Calls);
    }

    [Fact]
    public async Task The_shared_call_does_not_carry_the_first_requests_context()
    {
        HttpContext? seenByBackchannel = null;
        await using var api = await ApiTestHost.StartAsync(_gam, services: s => s.AddHttpContextAccessor());
        var accessor = api.Services.GetRequiredService<IHttpContextAccessor>();
        api.Faults.Fault = (request, cancellationToken) =>
        {
            seenByBackchannel = accessor.HttpContext;
            return FaultInjectingHandler.Respond(HttpStatusCode.OK, "{\"guid\":\"g-1\",\"username\":\"ann\"}")(request, cancellationToken);
        };

        using var response = await api.GetWithTokenAsync("/me", "token-ann");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, api.Faults.Calls);
        Assert.Null(seenByBackchannel);
    }

    [Fact]
    public async Task A_thousand_users_validated_concurrently_each_get_their_own_principal()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var users = new List<(string Name, string Guid, string Token)>();
        for (var i = 0; i < 1000; i++)
        {
            var user = new GamEmulatorUser
            {
                Guid = System.Guid.NewGuid().ToString(),
                UserName = "user" + i,
                Password = "pw",
                Email = $"user{i}@example.com",
                Roles = ["Role" + i],
            };
            _gam.Emulator.AddUser(user);
            users.Add((user.UserName, user.Guid, _gam.IssueToken(user.UserName)));
        }

        // Twice: first every request asks GAM, then every request is an L1 hit.
        for (var round = 0; round < 2; round++)
        {
            var results = await Task.WhenAll(users.Select(async u =>
            {
                using var response = await api.GetWithTokenAsync("/me", u.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return (Expected: u, Name: json.RootElement.GetProperty("name").GetString(), Id: json.RootElement.GetProperty("id").GetString(), Body: json.RootElement.GetRawText());
            }));

            foreach (var (expected, name, id, body) in results)
            {
                Assert.Equal(expected.Name, name);
                Assert.Equal(expected.Guid, id);
                Assert.Contains($"\"value\":\"Role{expected.Name[4..]}\"", body, StringComparison.Ordinal);
            }
        }

        Assert.Equal(1000, _gam.UserInfoCalls);
        Assert.Equal(1000, api.Counter(GamMetrics.MemoryCacheHits).Total());
    }

    private static DefaultHttpContext Request(IServiceScope scope, string token)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Headers.Authorization = "Bearer " + token;
        return context;
    }
}
