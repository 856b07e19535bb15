using GamAuthentication.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace GamAuthentication.Samples.Mvc.Startup;

/// <summary>
/// With <c>Samples:Telemetry=console</c> (e.g. <c>dotnet run --Samples:Telemetry=console</c>), the sample writes
/// its traces and metrics to the console through OpenTelemetry: the sign-in's spans (code exchange, userinfo,
/// refresh, sign-out) under each request, and the sign-in and refresh counters. Off by default.
/// </summary>
public static class Telemetry
{
    /// <summary>Adds OpenTelemetry's console exporter when the configuration asks for it.</summary>
    public static void ExportToConsoleWhenAsked(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!string.Equals(builder.Configuration["Samples:Telemetry"], "console", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        // GamAuthentication is both the activity source and the meter; ASP.NET Core's own source gives the request spans
        // the library's spans sit under.
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("GamAuthentication.Samples.Mvc"))
            .WithTracing(tracing => tracing.AddSource(GamMetrics.ActivitySourceName, "Microsoft.AspNetCore").AddConsoleExporter())
            .WithMetrics(metrics => metrics.AddMeter(GamMetrics.MeterName).AddConsoleExporter());
    }
}
