using GamAuthentication;
using GamAuthentication.Health;
using GamAuthentication.Protocol;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// Extension methods live in the namespace of the type they extend, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>
/// Registers health checks that probe GAM without credentials: a <c>GET</c> of GAM's userinfo endpoint with no token,
/// which GAM answers with its own error (HTTP 401 and <c>{"error":{"code":...}}</c>) when it is up and the
/// configuration points at it. Redirects (never followed), 404, web pages, 5xx, timeouts and unreachable hosts are
/// reported with the reason; HTTP 429 is <see cref="HealthStatus.Degraded"/>.
/// </summary>
public static class GamHealthCheckExtensions
{
    /// <summary>
    /// The <see cref="IHttpClientFactory"/> client of checks registered with an authority
    /// (<see cref="AddGamHealthCheck(IHealthChecksBuilder, string, GamEndpointProfile, string?, HealthStatus?, IEnumerable{string}?, TimeSpan?)"/>):
    /// <c>GamAuthentication.HealthCheck</c>. Like every GAM client, it never follows redirects; add a proxy with
    /// <c>AddHttpClient(name)</c>. Checks registered by scheme use the scheme's own backchannel instead.
    /// </summary>
    public const string HttpClientName = "GamAuthentication.HealthCheck";

    /// <summary>How long the probe waits for GAM when no <c>timeout</c> is given: 5 seconds (GAM's refusal is instant).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds a check of the GAM behind an authentication scheme added with <c>AddGam()</c> or <c>AddGamBearer()</c>: its
    /// userinfo endpoint, through the scheme's backchannel, read from the scheme's options each time the check runs.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="authenticationScheme">The scheme name. Default <c>Gam</c>; <c>GamBearer</c> for <c>AddGamBearer()</c>.</param>
    /// <param name="name">The check's name. Default <c>gam:{scheme}</c>, e.g. <c>gam:Gam</c>.</param>
    /// <param name="failureStatus">The status reported when GAM is down or misconfigured. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (e.g. <c>ready</c>).</param>
    /// <param name="timeout">
    /// How long the probe waits for GAM (on the scheme's <see cref="TimeProvider"/>), and the framework's timeout of the
    /// check. Default: <see cref="DefaultTimeout"/> for the probe and no framework timeout. The scheme's
    /// <c>BackchannelTimeout</c> still applies when shorter; <see cref="Timeout.InfiniteTimeSpan"/> leaves only that one.
    /// </param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The scheme is empty or the timeout is not positive.</exception>
#pragma warning disable RS0026 // Like the framework's own health-check registrations: name, failureStatus, tags and timeout are optional.
    public static IHealthChecksBuilder AddGamHealthCheck(
        this IHealthChecksBuilder builder,
        string authenticationScheme = GamDefaults.AuthenticationScheme,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(authenticationScheme);
        var probeTimeout = ProbeTimeout(timeout);
        return builder.Add(new HealthCheckRegistration(
            name ?? "gam:" + authenticationScheme,
            services => new GamHealthCheck(_ => GamSchemeTargets.ResolveAsync(services, authenticationScheme), probeTimeout),
            failureStatus,
            tags,
            timeout));
    }

    /// <summary>
    /// Adds a check of a GAM given by its base URL, for apps that only ask GAM for tokens (<c>AddGamTokenClient</c>) or
    /// call it some other way: the userinfo endpoint of <paramref name="endpointProfile"/> under
    /// <paramref name="authority"/>, through the <see cref="HttpClientName"/> client.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="authority">GAM's base URL including its virtual directory, e.g. <c>https://idp.example.com/MyApp</c>. No credentials are sent, so plain http is accepted.</param>
    /// <param name="endpointProfile">Which userinfo endpoint to probe: <c>/oauth/gam/userinfo</c>, <c>/oauth/gam/v2.0/userinfo</c> or <c>/openid/userinfo</c>.</param>
    /// <param name="name">The check's name. Default <c>gam:{authority}</c>.</param>
    /// <param name="failureStatus">The status reported when GAM is down or misconfigured. Default <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by.</param>
    /// <param name="timeout">How long the probe waits for GAM (on the registered <see cref="TimeProvider"/>), and the framework's timeout of the check. Default: <see cref="DefaultTimeout"/> for the probe.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The authority is not an absolute http(s) URL without query, the profile is unknown, or the timeout is not positive.</exception>
#pragma warning disable RS0026 // Like the framework's own health-check registrations: name, failureStatus, tags and timeout are optional.
    public static IHealthChecksBuilder AddGamHealthCheck(
        this IHealthChecksBuilder builder,
        string authority,
        GamEndpointProfile endpointProfile,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(authority);
        if (!GamEndpoints.IsAcceptableUrl(authority, requireHttps: false, out var error) ||
            new Uri(authority) is { Query.Length: > 0 } or { Fragment.Length: > 0 })
        {
            throw new ArgumentException(
                $"GAM health check: the authority {error ?? "must have no query or fragment"}: GAM's base URL including its virtual directory, e.g. https://idp.example.com/MyApp.",
                nameof(authority));
        }

        if (!Enum.IsDefined(endpointProfile))
        {
            throw new ArgumentException("GAM health check: the endpoint profile must be WebIdp, RestIdp or GlobantEnterpriseAI.", nameof(endpointProfile));
        }

        var probeTimeout = ProbeTimeout(timeout);
        var endpoint = new Uri(GamEndpoints.Combine(authority, GamEndpoints.UserInfoPath(endpointProfile)));
        GamBackchannel.Add(builder.Services, HttpClientName);
        return builder.Add(new HealthCheckRegistration(
            name ?? "gam:" + authority.TrimEnd('/'),
            services => new GamHealthCheck(
                _ => Task.FromResult(GamHealthTarget.Probe(
                    endpoint,
                    services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
                    GamDefaults.MaxResponseBytes,
                    services.GetService<TimeProvider>(),
                    scheme: null)),
                probeTimeout),
            failureStatus,
            tags,
            timeout));
    }

    private static TimeSpan ProbeTimeout(TimeSpan? timeout)
    {
        if (timeout is { } given && given <= TimeSpan.Zero && given != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException("GAM health check: the timeout must be greater than zero.", nameof(timeout));
        }

        // Infinite: only the backchannel's own timeout bounds the probe.
        return timeout ?? DefaultTimeout;
    }
#pragma warning restore RS0026
}
