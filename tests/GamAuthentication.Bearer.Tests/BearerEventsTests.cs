using System.Net;
using System.Security.Claims;
using GamAuthentication.Bearer.Tests.Infrastructure;
using GamAuthentication.Emulator;
using Microsoft.AspNetCore.Http;

namespace GamAuthentication.Bearer.Tests;

/// <summary>Events shaped like JwtBearer's, token forms, and SaveToken.</summary>
public sealed class BearerEventsTests : IAsyncLifetime
{
    private GamTestServer _gam = null!;

    public async Task InitializeAsync() => _gam = await GamTestServer.StartAsync();

    public async Task DisposeAsync() => await _gam.DisposeAsync();

    [Fact]
    public async Task OnMessageReceived_can_supply_the_token_from_elsewhere()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnMessageReceived = context =>
        {
            context.Token = context.Request.Query["access_token"];
            return Task.CompletedTask;
        });

        using var response = await api.GetAsync("/me?access_token=" + Uri.EscapeDataString(_gam.IssueToken()), authorization: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_token_from_OnMessageReceived_is_checked_like_a_header_token()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnMessageReceived = context =>
        {
            context.Token = "has space";
            return Task.CompletedTask;
        });

        using var response = await api.GetAsync("/me", authorization: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task OnTokenValidated_can_enrich_the_principal_per_request()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnTokenValidated = context =>
        {
            var identity = (ClaimsIdentity)context.Principal!.Identity!;
            identity.AddClaim(new Claim("source", context.TokenSource.ToString()));
            identity.AddClaim(new Claim("token-length", context.AccessToken.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return Task.CompletedTask;
        });
        var token = _gam.IssueToken();

        using var first = await api.GetWithTokenAsync("/me", token);
        using var second = await api.GetWithTokenAsync("/me", token);

        var firstBody = await first.Content.ReadAsStringAsync();
        var secondBody = await second.Content.ReadAsStringAsync();
        Assert.Contains("\"type\":\"source\",\"value\":\"UserInfo\"", firstBody, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"source\",\"value\":\"MemoryCache\"", secondBody, StringComparison.Ordinal);
        Assert.DoesNotContain("\"value\":\"UserInfo\"", secondBody, StringComparison.Ordinal);
        Assert.Contains($"\"type\":\"token-length\",\"value\":\"{token.Length}\"", secondBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTokenValidated_can_reject_the_token()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnTokenValidated = context =>
        {
            if (!context.Principal!.IsInRole("Administrator"))
            {
                context.Fail("Administrators only.");
            }

            return Task.CompletedTask;
        });

        using var demo = await api.GetWithTokenAsync("/me", _gam.IssueToken(GamEmulatorDefaults.DemoUserName));
        using var admin = await api.GetWithTokenAsync("/me", _gam.IssueToken(GamEmulatorDefaults.AdminUserName));

        Assert.Equal(HttpStatusCode.Unauthorized, demo.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\", error=\"invalid_token\"", demo.WwwAuthenticate());
        Assert.Equal("no-store", demo.CacheControl());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task OnAuthenticationFailed_sees_each_failure_kind()
    {
        var kinds = new List<(GamBearerFailureKind Kind, Exception Exception)>();
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnAuthenticationFailed = context =>
        {
            kinds.Add((context.Failure, context.Exception));
            return Task.CompletedTask;
        });

        (await api.GetAsync("/me", "Bearer a b")).Dispose();
        (await api.GetWithTokenAsync("/me", "unknown")).Dispose();
        api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.InternalServerError);
        (await api.GetWithTokenAsync("/me", _gam.IssueToken())).Dispose();

        Assert.Equal([GamBearerFailureKind.InvalidRequest, GamBearerFailureKind.InvalidToken, GamBearerFailureKind.Unavailable], kinds.Select(k => k.Kind));
        var rejected = Assert.IsType<GamAuthenticationException>(kinds[1].Exception);
        Assert.Equal("114", rejected.ErrorCode);
        Assert.Equal(500, Assert.IsType<GamAuthenticationException>(kinds[2].Exception).StatusCode);
    }

    [Fact]
    public async Task OnAuthenticationFailed_can_turn_a_failure_into_no_result()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnAuthenticationFailed = context =>
        {
            context.NoResult();
            return Task.CompletedTask;
        });
        api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.InternalServerError);

        using var response = await api.GetWithTokenAsync("/me", _gam.IssueToken());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\"", response.WwwAuthenticate());
    }

    [Fact]
    public async Task OnChallenge_sees_the_answer_and_can_write_its_own()
    {
        GamBearerChallengeContext? seen = null;
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnChallenge = async context =>
        {
            seen = context;
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("custom");
        });
        api.Faults.Fault = FaultInjectingHandler.Respond(HttpStatusCode.TooManyRequests, headers: r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(9)));

        using var response = await api.GetWithTokenAsync("/me", _gam.IssueToken());

        Assert.Equal("custom", await response.Content.ReadAsStringAsync());
        Assert.NotNull(seen);
        Assert.Equal(GamBearerFailureKind.Unavailable, seen.Failure);
        Assert.Equal(TimeSpan.FromSeconds(9), seen.RetryAfter);
        Assert.Null(seen.Error);
    }

    [Fact]
    public async Task OnForbidden_runs_for_403()
    {
        var forbidden = 0;
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnForbidden = _ =>
        {
            forbidden++;
            return Task.CompletedTask;
        });

        using var response = await api.GetWithTokenAsync("/admin", _gam.IssueToken());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, forbidden);
    }

    [Fact]
    public async Task OnForbidden_can_change_the_challenge_or_take_over_the_answer()
    {
        await using var changed = await ApiTestHost.StartAsync(_gam, o => o.Events.OnForbidden = context =>
        {
            context.ErrorDescription = "Administrators only.";
            return Task.CompletedTask;
        });
        await using var takenOver = await ApiTestHost.StartAsync(_gam, o => o.Events.OnForbidden = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("nothing here");
            context.HandleResponse();
        });
        var token = _gam.IssueToken();

        using var first = await changed.GetWithTokenAsync("/admin", token);
        using var second = await takenOver.GetWithTokenAsync("/admin", token);

        Assert.Equal("Bearer realm=\"GamBearer\", error=\"insufficient_scope\", error_description=\"Administrators only.\"", first.WwwAuthenticate());
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("nothing here", await second.Content.ReadAsStringAsync());
        Assert.Null(second.WwwAuthenticate());
    }

    [Fact]
    public async Task Events_can_be_a_registered_type()
    {
        await using var api = await ApiTestHost.StartAsync(
            _gam,
            o => o.EventsType = typeof(TaggingEvents),
            services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped<TaggingEvents>(services));

        using var response = await api.GetWithTokenAsync("/me", _gam.IssueToken());

        Assert.Contains("\"type\":\"tagged\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveToken_keeps_the_token_in_the_authentication_properties()
    {
        await using var api = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();

        using var response = await api.GetWithTokenAsync("/token", token);

        Assert.Equal(token, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaveToken_works_with_an_OnTokenValidated_handler_too()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Events.OnTokenValidated = _ => Task.CompletedTask);
        var token = _gam.IssueToken();

        using var response = await api.GetWithTokenAsync("/token", token);

        Assert.Equal(token, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SaveToken_off_keeps_nothing()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.SaveToken = false);

        using var response = await api.GetWithTokenAsync("/token", _gam.IssueToken());

        Assert.Equal("(none)", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GAM_token_forms_are_refused_unless_opted_in()
    {
        await using var strict = await ApiTestHost.StartAsync(_gam);
        var token = _gam.IssueToken();

        using var oauth = await strict.GetAsync("/me", "OAuth " + token);
        using var bare = await strict.GetAsync("/me", token);

        Assert.Equal(HttpStatusCode.Unauthorized, oauth.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\"", oauth.WwwAuthenticate());
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(0, _gam.UserInfoCalls);
    }

    [Fact]
    public async Task GAM_token_forms_are_accepted_when_opted_in()
    {
        await using var lenient = await ApiTestHost.StartAsync(_gam, o =>
        {
            o.AllowOAuthScheme = true;
            o.AllowBareToken = true;
        });
        var token = _gam.IssueToken();

        using var oauth = await lenient.GetAsync("/me", "oauth " + token);
        using var bare = await lenient.GetAsync("/me", token);
        using var basic = await lenient.GetAsync("/me", "Basic ZGVtbzpkZW1v");

        Assert.Equal(HttpStatusCode.OK, oauth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bare.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Equal("Bearer realm=\"GamBearer\"", basic.WwwAuthenticate());
    }

    [Fact]
    public async Task Realm_is_configurable_and_quoted_safely()
    {
        await using var api = await ApiTestHost.StartAsync(_gam, o => o.Realm = "My \"API\"");

        using var response = await api.GetAsync("/me", authorization: null);

        Assert.Equal("Bearer realm=\"My \\\"API\\\"\"", response.WwwAuthenticate());
    }

    private sealed class TaggingEvents : GamBearerEvents
    {
        public override Task TokenValidated(GamBearerTokenValidatedContext context)
        {
            ((ClaimsIdentity)context.Principal!.Identity!).AddClaim(new Claim("tagged", "yes"));
            return base.TokenValidated(context);
        }
    }
}
