using Attendance.Server.Storage;
using Orleans.Configuration;
using Attendance.Grains.Hosting;
using Attendance.Grains.FollowUp;

namespace Attendance.Server.Hosting;

public static class OrleansHosting
{
    public const string ConnectionStringName = "Attendance";

    /// <summary>Optional: a database of its own for cluster membership and reminders (defaults to the attendance database).</summary>
    public const string ClusterConnectionStringName = "AttendanceCluster";

    /// <summary>Orleans' own options, bound as they are: <c>Orleans:Membership</c> (failure detection), <c>Orleans:Messaging</c>.</summary>
    public const string OrleansSection = "Orleans";

    /// <summary>
    /// Co-hosts the Orleans silo. Without a connection string: in-memory storage and localhost clustering, for a
    /// newcomer's laptop and the tests. With <c>ConnectionStrings__Attendance</c>: grain state, the legal register,
    /// cluster membership and reminders in PostgreSQL through Orleans' ADO.NET providers and Npgsql (membership and
    /// reminders in <c>ConnectionStrings__AttendanceCluster</c> when set), with the schema applied first.
    /// </summary>
    public static WebApplicationBuilder AddAttendanceSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AttendanceOptions.Section).Get<AttendanceOptions>() ?? new AttendanceOptions();
        string? Bounded(string name) => builder.Configuration.GetConnectionString(name) is { } given && !string.IsNullOrWhiteSpace(given)
            ? DatabaseConnections.Bounded(given, options.DatabaseConnections, options.DatabaseTimeout)
            : null;
        var connectionString = Bounded(ConnectionStringName);
        var clusterConnectionString = Bounded(ClusterConnectionStringName) ?? connectionString;
        var usePostgres = connectionString is not null;

        builder.Services.AddAttendanceGrains();

        // On SIGTERM the silo leaves the membership table, stops taking new activations and deactivates its own, while
        // requests queued for them are forwarded to the silos that remain; this bounds how long that may take.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        if (usePostgres)
        {
            // Registered before the silo so the schema exists before any provider reads its queries.
            builder.Services.AddSingleton(new PostgresSchema(connectionString!, clusterConnectionString));
            if (options.ApplySchema)
            {
                builder.Services.AddHostedService<PostgresSchemaInitializer>();
            }

            builder.Services.AddPostgresJournal(connectionString!, builder.Configuration);
        }

        var followUp = builder.Configuration.GetSection(FollowUpOptions.Section).Get<FollowUpOptions>() ?? new FollowUpOptions();
        var orleans = builder.Configuration.GetSection(OrleansSection);
        builder.UseOrleans(silo =>
        {
            // Orleans refuses reminders more frequent than a minute unless told otherwise (tests check every second).
            silo.Configure<ReminderOptions>(reminders =>
                reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, followUp.CheckEvery.Ticks)));
            if (builder.ExportsTraces())
            {
                silo.AddActivityPropagation(); // grain calls continue the request's trace (see Telemetry)
            }
            if (options.OrleansDashboard)
            {
                Orleans.Dashboard.ServiceCollectionExtensions.AddDashboard(silo);
            }

            if (options.SchoolAffinity)
            {
                silo.AddIncomingGrainCallFilter<FollowSchoolRequests>();
            }

            silo.Configure<ClusterMembershipOptions>(orleans.GetSection("Membership"));
            silo.Configure<SiloMessagingOptions>(orleans.GetSection("Messaging"));
            silo.Configure<ClusterOptions>(clusterOptions =>
            {
                clusterOptions.ClusterId = options.ClusterId;
                clusterOptions.ServiceId = options.ServiceId;
            });

            if (usePostgres)
            {
                if (options.AdvertisedIPAddress is { Length: > 0 } advertised)
                {
                    silo.ConfigureEndpoints(System.Net.IPAddress.Parse(advertised), options.SiloPort, options.GatewayPort);
                }
                else
                {
                    silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort);
                }

                silo.UseAdoNetClustering(ado => (ado.Invariant, ado.ConnectionString) = (PostgresSchema.Invariant, clusterConnectionString));
                silo.UseAdoNetReminderService(ado => (ado.Invariant, ado.ConnectionString) = (PostgresSchema.Invariant, clusterConnectionString));
                silo.AddAdoNetGrainStorage(StorageNames.Attendance, ado => (ado.Invariant, ado.ConnectionString) = (PostgresSchema.Invariant, connectionString));
                if (options.Kubernetes)
                {
                    // Cluster and service ids, silo name and address from the pod (ORLEANS_*, POD_* variables); pods of
                    // silos the cluster declared dead are deleted so Kubernetes replaces them.
                    silo.UseKubernetesHosting();
                }
            }
            else
            {
                silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort);
                silo.AddMemoryGrainStorage(StorageNames.Attendance);
                silo.UseInMemoryReminderService();
            }
        });

        return builder;
    }

    public static bool SeedsDemoSchool(this AttendanceOptions options, IConfiguration configuration) =>
        options.SeedDemoSchool ?? string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName));
}
