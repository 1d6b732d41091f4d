using Attendance.Server.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Attendance.Testing;
using Orleans.TestingHost;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;
using Attendance.Grains.Live;
using Attendance.Grains.Registers;

[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: Attendance.Grains.Tests.ResetTestClock]

namespace Attendance.Grains.Tests;

/// <summary>One clock for the in-process silos: tests set it to the moment they need (tests run one at a time).</summary>
public static class TestClock
{
    /// <summary>Tuesday 10 November 2026, 09:10: the morning register open, what a test that sets no time expects.</summary>
    public static readonly DateTimeOffset Default = new(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);

    public static SettableClock Instance { get; } = new(Default);
}

/// <summary>
/// Every test starts at <see cref="TestClock.Default"/>: the clock is shared, and a test that sets no time must not
/// run at whatever moment the test before it left (a July one makes a November arrival "in the future").
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ResetTestClockAttribute : Xunit.Sdk.BeforeAfterTestAttribute
{
    public override void Before(System.Reflection.MethodInfo methodUnderTest) => TestClock.Instance.Now = TestClock.Default;
}

/// <summary>Silos with the attendance grains and the test clock; PostgreSQL storage when a connection string is given.</summary>
public sealed class SiloConfigurator : ISiloConfigurator
{
    public void Configure(ISiloBuilder silo)
    {
        silo.Services.AddAttendanceGrains();
        silo.Services.AddKeyedSingleton<TimeProvider>(SchoolClock.Key, TestClock.Instance);
        var reconcileEvery = silo.Configuration.GetValue<TimeSpan?>(Clusters.ReconcileEvery) ?? TimeSpan.FromSeconds(2);
        silo.Services.Configure<DashboardOptions>(o => (o.UpdateInterval, o.ReconcileEvery) = (TimeSpan.FromMilliseconds(500), reconcileEvery));
        if (silo.Configuration.GetValue<TimeSpan?>(Clusters.CheckEvery) is { } checkEvery)
        {
            // Reminders every few seconds, so a test can see one fire after a restart.
            silo.Services.Configure<FollowUpOptions>(o => o.CheckEvery = checkEvery);
            silo.Services.Configure<Orleans.Hosting.ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }

        if (silo.Configuration.GetValue<TimeSpan?>(Clusters.ResponseTimeout) is { } responseTimeout)
        {
            silo.Services.Configure<Orleans.Configuration.SiloMessagingOptions>(o => o.ResponseTimeout = responseTimeout);
        }

        if (silo.Configuration.GetConnectionString("Attendance") is { Length: > 0 } connectionString)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Attendance, ado =>
            {
                ado.Invariant = "Npgsql";
                ado.ConnectionString = connectionString;
            });
            silo.UseAdoNetReminderService(ado =>
            {
                ado.Invariant = "Npgsql";
                ado.ConnectionString = connectionString;
            });
            silo.Services.AddPostgresJournal(connectionString, silo.Configuration);
        }
        else
        {
            silo.AddMemoryGrainStorage(StorageNames.Attendance);
            silo.UseInMemoryReminderService();
        }

        // The register journal, in memory or PostgreSQL, behind the crash point tests can stop it at.
        var journal = silo.Services.Last(d => d.ServiceType == typeof(IRegisterJournal)).ImplementationFactory!;
        silo.Services.Replace(ServiceDescriptor.Singleton<IRegisterJournal>(services => new CrashPoint((IRegisterJournal)journal(services))));
    }
}

public sealed class ClientConfigurator : IClientBuilderConfigurator
{
    public void Configure(IConfiguration configuration, IClientBuilder client) => client.Services.AddAttendanceSerialization();
}

public static class Clusters
{
    // The settings a test's cluster passes to its silos (read in SiloConfigurator).
    internal const string CheckEvery = $"{FollowUpOptions.Section}:CheckEvery";
    internal const string ResponseTimeout = "Test:ResponseTimeout";
    internal const string ReconcileEvery = "Test:ReconcileEvery";

    /// <summary>A new PostgreSQL database with the schema applied, and a service id of its own.</summary>
    public static async Task<(string ConnectionString, string ServiceId)> NewDatabaseAsync()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await new PostgresSchema(connectionString).ApplyAsync();
        return (connectionString, $"svc-{Guid.NewGuid():N}");
    }

    /// <param name="checkEvery">The follow-up reminders' period, when a test needs them to fire.</param>
    /// <param name="responseTimeout">How long a grain waits for another's answer (Orleans' default is 30 s), when a test needs a call to time out.</param>
    /// <param name="reconcileEvery">How often a live feed checks its view against the classes (2 s unless a test needs it out of the way).</param>
    public static async Task<TestCluster> StartAsync(
        string? connectionString = null, string? serviceId = null, TimeSpan? checkEvery = null, TimeSpan? responseTimeout = null, TimeSpan? reconcileEvery = null)
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Attendance"] = connectionString,
            [CheckEvery] = Setting(checkEvery),
            [ResponseTimeout] = Setting(responseTimeout),
            [ReconcileEvery] = Setting(reconcileEvery),
        };

        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(settings));

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static string? Setting(TimeSpan? value) => value?.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A cluster of each test's own, for settings the shared fixtures do not use (a short response timeout, a distant reconciliation).</summary>
public abstract class OwnClusterTest(Func<Task<TestCluster>> start) : IAsyncLifetime
{
    protected TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await start();

    public virtual async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>An in-memory cluster shared by a test class.</summary>
public sealed class MemoryClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await Clusters.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
