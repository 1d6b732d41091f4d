using Attendance.Server.Hosting;
using Attendance.Server.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Runtime;

namespace Attendance.Server.Health;

public static class HealthChecks
{
    /// <summary>
    /// <c>/health</c>: ready (the silo is an active cluster member and the database answers): 200, or 503, with each
    /// check's status and description as JSON; load balancers and readiness probes use it. <c>/health/live</c>: the
    /// process answers HTTP, for liveness probes (a database outage must not get every silo restarted).
    /// </summary>
    public static IEndpointConventionBuilder MapAttendanceHealth(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/health");
        health.MapHealthChecks("/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false });
        health.MapHealthChecks("", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }),
        });
        return health;
    }

    public static IServiceCollection AddAttendanceHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        var checks = services.AddHealthChecks().AddCheck<SiloHealthCheck>("silo");
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(OrleansHosting.ConnectionStringName)))
        {
            checks.AddCheck<PostgresHealthCheck>("postgres");
        }

        return services;
    }
}

/// <summary>Ready when this silo is an active member of the cluster and answers a grain call.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("No active silo in the cluster yet.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The Orleans silo is not answering.", ex);
        }
    }
}

/// <summary>Ready when the attendance database answers.</summary>
public sealed class PostgresHealthCheck(PostgresSchema schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(schema.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.", ex);
        }
    }
}
