using System.Diagnostics;
using Attendance.Server.Access;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Attendance.Grains.Hosting;

namespace Attendance.Server.Hosting;

/// <summary>
/// Traces, metrics and logs through OpenTelemetry, the way dotnet/eShop's service defaults do: the standard
/// instrumentations (ASP.NET Core, HttpClient, the runtime), Orleans' own meter and activity sources, Npgsql, and the
/// service's meter (<see cref="AttendanceMetrics"/>). Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the standard OTEL_* variables configure it), and scraped by Prometheus at <c>/metrics</c> with a trust leader's
/// token (the deployment's administrators).
/// </summary>
public static class Telemetry
{
    public const string MetricsPath = "/metrics";

    public static WebApplicationBuilder AddAttendanceTelemetry(this WebApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("attendance", serviceInstanceId: Environment.MachineName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans", "Npgsql", "Microsoft.AspNetCore.SignalR", AttendanceMetrics.MeterName)
                .AddPrometheusExporter());
        if (builder.ExportsTraces())
        {
            // Traces only when something collects them: a listener makes every request and grain call build spans,
            // which the storm's profile showed costing CPU on every mark for nothing when no exporter is set.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", AttendanceTracing.SourceName)
                .AddNpgsql());
            if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            {
                telemetry.UseOtlpExporter();
            }
        }

        return builder;
    }

    /// <summary>
    /// Traces are built only when something receives them (they cost CPU on every call otherwise): an OTLP endpoint,
    /// or <c>Telemetry:Traces</c> for a host that adds its own exporter (the tests' in-memory one).
    /// </summary>
    public static bool ExportsTraces(this WebApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || builder.Configuration.GetValue<bool>("Telemetry:Traces");

    /// <summary>The Prometheus scrape endpoint, for the deployment's administrators (trust leaders) only.</summary>
    public static WebApplication MapAttendanceMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAccess(Capability.Metrics);
        return app;
    }
}
