using System.Globalization;
using System.Net.Http.Headers;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GamAuthentication.Health;

/// <summary>
/// Probes GAM without credentials: one <c>GET</c> of its userinfo endpoint with no token, no body and no cookie, through
/// <see cref="GamExchange"/> (never follows a redirect, bounds the body), under a timeout that runs on the target's
/// <see cref="TimeProvider"/>. GAM's own refusal means GAM is up and reached at the right place. Never throws: every
/// failure is a result whose description says why and what to check.
/// </summary>
internal sealed class GamHealthCheck(Func<CancellationToken, Task<GamHealthTarget>> resolve, TimeSpan timeout) : IHealthCheck
{
    private static string Name(GamHealthTarget target) =>
        target.IsDiscoveryDocument ? "the OpenID Connect discovery document" : "GAM's userinfo endpoint";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failureStatus = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var target = await resolve(cancellationToken).ConfigureAwait(false);
        if (target.Problem is { } problem)
        {
            return GamHealthVerdict.Fail(problem, target, failureStatus);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, target.Endpoint);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var expiry = new CancellationTokenSource(timeout, target.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            var answer = await GamExchange.SendAsync(target.Client!, target.Time, request, target.MaxResponseBytes, Name(target), linked.Token).ConfigureAwait(false);
            return target.IsDiscoveryDocument ? GamHealthVerdict.JudgeDiscovery(answer, target, failureStatus) : GamHealthVerdict.Judge(answer, target, failureStatus);
        }
        catch (OperationCanceledException)
        {
            // Ours, or the framework's timeout of the registration (the same duration when given, on a real timer).
            var timedOut = expiry.IsCancellationRequested || context.Registration?.Timeout > TimeSpan.Zero;
            var named = $"{Name(target)} {GamUrl.WithoutQuery(target.Endpoint!)}";
            var description = timedOut
                ? string.Create(CultureInfo.InvariantCulture, $"{named} did not answer within {timeout.TotalSeconds:0.###} s (the health check's timeout)")
                : $"the health check was cancelled before {named} answered";
            return GamHealthVerdict.Fail(description, target, failureStatus);
        }
    }
}
