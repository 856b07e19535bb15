using GamAuthentication.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GamAuthentication.Samples.Api.Startup;

/// <summary>
/// <c>Samples:Telemetry=console</c> turns on OpenTelemetry's console exporter: a <c>gam.bearer.userinfo</c> span for
/// each token no cache knew, and the bearer counters (cache hits and misses, userinfo calls and their duration).
/// </summary>
public static class Telemetry
{
    /// <summary>Exports the GamAuthentication source and meter to the console when <c>Samples:Telemetry</c> is <c>console</c>.</summary>
    public static void ExportToConsoleWhenAsked(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var asked = builder.Configuration["Samples:Telemetry"];
        if (asked is null || !asked.Equals("console", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(typeof(Telemetry).Assembly.GetName().Name!));
        otel.WithTracing(t => t.AddSource(GamMetrics.ActivitySourceName).AddConsoleExporter());
        otel.WithMetrics(m => m.AddMeter(GamMetrics.MeterName).AddConsoleExporter());
    }
}
