using System.Net;
using GamAuthentication.Testing;
using GamAuthentication.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace GamAuthentication.Tests;

/// <summary>No log line of a whole sign-in and its failures carries a token, code, verifier, secret or password.</summary>
public sealed class LoggingTests
{
    [Fact]
    public async Task Sign_in_and_failures_log_no_token_code_secret_or_password()
    {
        await using var host = await GamTestHost.StartAsync(o =>
        {
            o.MinimumLogLevel = LogLevel.Trace;
            o.Emulator = e =>
            {
                e.MaxTokenRenewals = 2;
                e.AccessTokenLifetimeSeconds = 600;
            };
        });
        var secrets = new HashSet<string>(StringComparer.Ordinal) { GamTestHost.ClientSecret, GamTestHost.Password };

        void Collect()
        {
            foreach (var request in host.Backchannel.Requests)
            {
                if (request.Authorization is { } authorization)
                {
                    secrets.Add(authorization.Split(' ')[^1]);
                }

                foreach (var key in new[] { "code", "code_verifier", "client_secret", "access_token", "refresh_token" })
                {
                    if (request.Form.TryGetValue(key, out var value) && value.Length > 0)
                    {
                        secrets.Add(value);
                    }
                }
            }
        }

        // 1. A good sign-in: tokens saved, including a refresh token.
        using (var browser = host.CreateBrowser())
        {
            var callback = await GamTestHost.GetCallbackAsync(browser);
            secrets.Add(TestBrowser.Query(callback)["code"]);
            using var final = await GamTestHost.CompleteAsync(browser, callback);
            var tokens = (await GamTestHost.GetClaimsAsync(browser))!.Tokens;
            secrets.Add(tokens["access_token"]);
            secrets.Add(tokens["refresh_token"]);

            // 2. The same code replayed through a fresh sign-in attempt (GAM error 906).
            using var attacker = host.CreateBrowser();
            var own = await GamTestHost.ChallengeAsync(attacker);
            var replay = new Uri($"https://localhost/signin-gam?state={Uri.EscapeDataString(TestBrowser.Query(own)["state"])}&code={TestBrowser.Query(callback)["code"]}");
            using var replayed = await GamTestHost.CompleteAsync(attacker, replay);
            Assert.Equal("/error", replayed.RequestMessage!.RequestUri!.AbsolutePath);
        }

        // 3. Userinfo rejects the new token (GAM error 114 after the emulator revokes it).
        host.Backchannel.OnRequest = request =>
        {
            if (request.Uri.AbsolutePath.EndsWith("/userinfo", StringComparison.Ordinal))
            {
                host.Emulator.RevokeToken(request.Authorization!);
            }
        };
        using (var browser = host.CreateBrowser())
        {
            var callback = await GamTestHost.GetCallbackAsync(browser);
            secrets.Add(TestBrowser.Query(callback)["code"]);
            using var final = await GamTestHost.CompleteAsync(browser, callback);
            Assert.Equal("/error", final.RequestMessage!.RequestUri!.AbsolutePath);
        }

        host.Backchannel.OnRequest = null;

        // 4. A wrong password at GAM, then an expired code.
        using (var browser = host.CreateBrowser())
        {
            var authorize = await GamTestHost.ChallengeAsync(browser);
            using var refused = await GamTestHost.SubmitCredentialsAsync(browser, authorize, GamTestHost.UserName, "Wrong-" + GamTestHost.Password);
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            secrets.Add("Wrong-" + GamTestHost.Password);

            var callback = await GamTestHost.GetCallbackAsync(browser);
            secrets.Add(TestBrowser.Query(callback)["code"]);
            host.Clock.Advance(TimeSpan.FromMinutes(4));
            using var final = await GamTestHost.CompleteAsync(browser, callback);
            Assert.Equal("/error", final.RequestMessage!.RequestUri!.AbsolutePath);
        }

        Collect();
        Assert.True(secrets.Count >= 10, "the run must have produced codes, verifiers and tokens to look for");
        Assert.Contains(host.Logs.Lines(), l => l.Contains("GamAuthentication.GamHandler", StringComparison.Ordinal) && l.Contains("114", StringComparison.Ordinal));

        // ASP.NET Core's request log writes the URL the browser asked for, and GAM puts the code in the callback URL.
        // That line belongs to the app's hosting, not to GAM code; apps that keep those logs set the category
        // Microsoft.AspNetCore.Hosting.Diagnostics to Warning. Every other line (library, emulator, the framework's
        // authentication and HttpClient logging at Trace) is checked.
        const string hostingRequestLog = "Microsoft.AspNetCore.Hosting.Diagnostics:";
        Assert.Contains(host.Logs.Lines(), l => l.Contains(hostingRequestLog, StringComparison.Ordinal));
        var leaks = host.Logs.Lines()
            .Where(line => !line.Contains(hostingRequestLog, StringComparison.Ordinal))
            .SelectMany(line => secrets.Where(s => line.Contains(s, StringComparison.Ordinal)).Select(s => (Secret: s, Line: line)))
            .ToList();
        Assert.True(leaks.Count == 0, "Logged secrets:\n" + string.Join("\n", leaks.Select(l => $"[{l.Secret}] {l.Line}")));
    }
}
