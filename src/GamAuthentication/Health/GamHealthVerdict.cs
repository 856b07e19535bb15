using System.Globalization;
using System.Net;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GamAuthentication.Health;

/// <summary>
/// Reads GAM's answer to a request without a token. GAM up and reached at the right place answers such a request
/// with its own refusal: 401 (or 400/403) carrying GAM's error envelope <c>{"error":{"code":..,"message":..}}</c> or
/// the OAuth shape <c>{"error":"..","error_description":".."}</c>. Anything else is not GAM saying "I am here": a
/// redirect, a 404, a web page, a 5xx, an endpoint that answers without a token.
/// </summary>
internal static class GamHealthVerdict
{
    /// <summary>What to check when something other than GAM's userinfo answered.</summary>
    public const string ConfigurationHint =
        "check Authority, GAM's base URL including its virtual directory (e.g. https://idp.example.com/MyApp), and EndpointProfile " +
        "(WebIdp: /oauth/gam/userinfo, RestIdp: /oauth/gam/v2.0/userinfo, GlobantEnterpriseAI: /openid/userinfo)";

    public static HealthCheckResult Judge(GamHttpAnswer answer, GamHealthTarget target, HealthStatus failureStatus)
    {
        var data = Data(target, answer.Status);
        if (!answer.IsAnswered)
        {
            // Unreachable, timed out, redirected (never followed), too large: GamExchange's reason says which.
            return new HealthCheckResult(failureStatus, answer.Failure, answer.Exception, data);
        }

        var status = answer.Status!.Value;
        var endpoint = answer.Endpoint;
        if (IsHtml(answer))
        {
            return new HealthCheckResult(failureStatus,
                $"{endpoint} answered HTTP {status} with a web page (HTML), not GAM's JSON: the URL reaches a web server but not GAM's userinfo; {ConfigurationHint}",
                data: data);
        }

        if (status == (int)HttpStatusCode.NotFound)
        {
            return new HealthCheckResult(failureStatus, answer.DescribeStatus(), data: data);
        }

        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            var retry = answer.RetryAfter is { } delay
                ? string.Create(CultureInfo.InvariantCulture, $" (Retry-After {delay.TotalSeconds:0} s)")
                : string.Empty;
            return HealthCheckResult.Degraded($"{endpoint} answered HTTP 429 (too many requests){retry}: GAM is up but refuses this app's calls for now", data: data);
        }

        if (status >= 500)
        {
            return new HealthCheckResult(failureStatus, $"{endpoint} answered HTTP {status}: GAM is up but failing", data: data);
        }

        if (status is 400 or 401 or 403)
        {
            if (GamError.TryRead(answer.Body) is { } error)
            {
                data["gamError"] = error.Code;
                return HealthCheckResult.Healthy($"{endpoint} answered HTTP {status} with GAM error {error.Code} to a request without a token, as GAM does", data);
            }

            return new HealthCheckResult(failureStatus,
                $"{endpoint} answered HTTP {status} without GAM's error ({{\"error\":...}}): something other than GAM refused the request, e.g. a proxy; {ConfigurationHint}",
                data: data);
        }

        if (answer.IsSuccessStatus)
        {
            return new HealthCheckResult(failureStatus,
                $"{endpoint} answered HTTP {status} to a request without a token, which GAM's userinfo never does; {ConfigurationHint}",
                data: data);
        }

        return new HealthCheckResult(failureStatus,
            $"{endpoint} answered HTTP {status}, not GAM's refusal of a request without a token (401 with {{\"error\":...}}); {ConfigurationHint}",
            data: data);
    }

    /// <summary>
    /// Reads the answer for a discovery document: healthy when it is a JSON object that names an <c>issuer</c> (the
    /// provider is up and this is its document); anything else says what came instead.
    /// </summary>
    public static HealthCheckResult JudgeDiscovery(GamHttpAnswer answer, GamHealthTarget target, HealthStatus failureStatus)
    {
        var data = Data(target, answer.Status);
        if (!answer.IsAnswered)
        {
            return new HealthCheckResult(failureStatus, answer.Failure, answer.Exception, data);
        }

        if (!answer.IsSuccessStatus)
        {
            return new HealthCheckResult(failureStatus, answer.DescribeStatus(), data: data);
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(answer.Body);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object &&
                document.RootElement.TryGetProperty("issuer", out var issuer) && issuer.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                data["issuer"] = issuer.GetString()!;
                return HealthCheckResult.Healthy($"{GamUrl.WithoutQuery(target.Endpoint!)} is the OpenID Connect discovery document of {issuer.GetString()}", data);
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Described below.
        }

        return new HealthCheckResult(failureStatus,
            $"{answer.Endpoint} answered HTTP {answer.Status} with something else than a discovery document (a JSON object with an issuer); check Authority or MetadataAddress",
            data: data);
    }

    /// <summary>A result for a check that could not run its probe.</summary>
    public static HealthCheckResult Fail(string description, GamHealthTarget target, HealthStatus failureStatus, Exception? exception = null) =>
        new(failureStatus, description, exception, Data(target, status: null));

    private static Dictionary<string, object> Data(GamHealthTarget target, int? status)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        if (target.Endpoint is { } endpoint)
        {
            data["endpoint"] = GamUrl.WithoutQuery(endpoint);
        }

        if (target.Scheme is { } scheme)
        {
            data["scheme"] = scheme;
        }

        if (status is { } code)
        {
            data["status"] = code;
        }

        return data;
    }

    private static bool IsHtml(GamHttpAnswer answer)
    {
        if (answer.ContentType?.MediaType is "text/html" or "application/xhtml+xml")
        {
            return true;
        }

        var body = answer.Body.AsSpan();
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        body = body.TrimStart(" \t\r\n"u8);
        return !body.IsEmpty && body[0] == (byte)'<';
    }
}
