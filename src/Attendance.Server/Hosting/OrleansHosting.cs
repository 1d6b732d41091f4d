using Attendance.Grains;
using Attendance.Server.Storage;

namespace Attendance.Server.Hosting;

public static class OrleansHosting
{
    public const string ConnectionStringName = "Attendance";

    /// <summary>
    /// Co-hosts the Orleans silo. Without a connection string: in-memory storage and localhost clustering, for a
    /// newcomer's laptop and the tests. With <c>ConnectionStrings__Attendance</c>: grain state and cluster membership in
    /// PostgreSQL through Orleans' ADO.NET providers and Npgsql, with the schema applied first.
    /// </summary>
    public static WebApplicationBuilder AddAttendanceSilo(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AttendanceOptions.Section).Get<AttendanceOptions>() ?? new AttendanceOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var usePostgres = !string.IsNullOrWhiteSpace(connectionString);

        builder.Services.Configure<AttendanceOptions>(builder.Configuration.GetSection(AttendanceOptions.Section));
        builder.Services.AddAttendanceGrains();

        if (usePostgres)
        {
            // Registered before the silo so the schema exists before any provider reads its queries.
            builder.Services.AddSingleton(new PostgresSchema(connectionString!));
            builder.Services.AddHostedService<PostgresSchemaInitializer>();
            builder.Services.AddPostgresLegalRegister(connectionString!);
        }

        var followUp = builder.Configuration.GetSection(FollowUpOptions.Section).Get<FollowUpOptions>() ?? new FollowUpOptions();
        builder.UseOrleans(silo =>
        {
            // Orleans refuses reminders more frequent than a minute unless told otherwise (tests check every second).
            silo.Configure<ReminderOptions>(reminders =>
                reminders.MinimumReminderPeriod = TimeSpan.FromTicks(Math.Min(reminders.MinimumReminderPeriod.Ticks, followUp.CheckEvery.Ticks)));

            silo.Configure<Orleans.Configuration.ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
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

                silo.UseAdoNetClustering(ado =>
                {
                    ado.Invariant = PostgresSchema.Invariant;
                    ado.ConnectionString = connectionString;
                });
                silo.AddAdoNetGrainStorage(StorageNames.Attendance, ado =>
                {
                    ado.Invariant = PostgresSchema.Invariant;
                    ado.ConnectionString = connectionString;
                });
                silo.UseAdoNetReminderService(ado =>
                {
                    ado.Invariant = PostgresSchema.Invariant;
                    ado.ConnectionString = connectionString;
                });
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
