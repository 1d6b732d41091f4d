using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;

namespace Attendance.Server.Tests;

/// <summary>Two servers (two silos) clustered through PostgreSQL: the push path works across silos.</summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
public class TwoSiloTests
{
    // As behind deploy/nginx.conf, which sends each school's requests to one silo (compose sets it).
    private static readonly Dictionary<string, string> Affinity = new() { ["Attendance:SchoolAffinity"] = "true" };

    [Fact]
    public async Task A_dashboard_on_one_silo_sees_marks_made_through_the_other()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var siloA = new AttendanceServer(connectionString);
        using var siloB = new AttendanceServer(connectionString);
        var schoolOnB = await new SchoolApi(siloB.CreateClient()).CreateAsync();
        var sameSchoolOnA = new SchoolApiFor(siloA.CreateClient(), schoolOnB.Id);
        Assert.Equal(2, (await sameSchoolOnA.Get("/classes")).AsArray().Count);
        Assert.Equal(2L, await ActiveSilos(connectionString));

        await using var dashboardOnA = await DashboardClient.ConnectAsync(siloA);
        var snapshot = await dashboardOnA.Subscribe(schoolOnB.Id);
        await using var dashboardOnB = await DashboardClient.ConnectAsync(siloB);
        await dashboardOnB.Subscribe(schoolOnB.Id);

        await SchoolApi.EnsureSuccess(await schoolOnB.Post("/arrivals", new { upn = "T000000000002", arrivedAt = "2026-11-10T09:40:00Z" }));

        var onA = await dashboardOnA.NextDelta();
        var onB = await dashboardOnB.NextDelta();
        Assert.Equal(snapshot.Sequence + 1, onA.Sequence);
        Assert.Equal(onA.Sequence, onB.Sequence);
        Assert.Equal("T000000000002", Assert.Single(onA.LateAfterCloseAdded).Upn); // 09:40: after the register closed
        Assert.Equal(1, onA.Totals.ArrivedAfterRegisterClosed);
    }

    [Fact]
    public async Task An_alert_raised_through_one_silo_reaches_a_lead_on_the_other_once()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var siloA = new AttendanceServer(connectionString);
        using var siloB = new AttendanceServer(connectionString);
        var schoolOnB = await (await new SchoolApi(siloB.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
        var sameSchoolOnA = new SchoolApiFor(siloA.CreateClient(), schoolOnB.Id);
        await using var leadOnA = await DashboardClient.ConnectAsync(siloA);
        await leadOnA.SubscribeAlerts(schoolOnB.Id);

        await schoolOnB.MarkYesterdayUnauthorised("T000000000001");

        Assert.Equal("T000000000001-PenaltyNoticeThreshold-1", (await leadOnA.NextAlert()).Id);

        // The same marks resent through the other silo: acknowledged as unchanged, no second alert.
        await sameSchoolOnA.MarkYesterdayUnauthorised("T000000000001");

        await Task.Delay(500);
        Assert.Empty(leadOnA.AlertsReceived());
        Assert.Single((await sameSchoolOnA.Get("/alerts?all=true")).AsArray(), a => (string)a!["kind"]! == "PenaltyNoticeThreshold");
    }

    [Fact]
    public async Task A_schools_classes_pupils_and_feed_are_placed_on_one_silo_whichever_silo_the_marks_came_through()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var siloA = new AttendanceServer(connectionString);
        using var siloB = new AttendanceServer(connectionString);
        var schools = new List<string>();
        foreach (var (create, mark) in new[] { (siloA, siloB), (siloB, siloA), (siloA, siloB), (siloB, siloA) })
        {
            var school = await new SchoolApi(create.CreateClient()).CreateAsync();
            var throughOther = new SchoolApiFor(mark.CreateClient(), school.Id);
            await SchoolApi.EnsureSuccess(await throughOther.SubmitRegister("2026-11-10-AM", "/", "N", "/"));
            await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T08:50:00Z" }));
            schools.Add(school.Id);
        }

        var activations = await Activations(siloA);
        foreach (var school in schools)
        {
            Assert.Single(PlacedTogether(activations, school).Distinct());
        }
    }

    [Fact]
    public async Task With_school_affinity_a_schools_grains_are_placed_on_the_silo_its_requests_reach()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var siloA = new AttendanceServer(connectionString, settings: Affinity);
        using var siloB = new AttendanceServer(connectionString, settings: Affinity);
        var schools = new List<(string Id, AttendanceServer Silo)>();
        foreach (var silo in new[] { siloA, siloB, siloA, siloB, siloA, siloB })
        {
            var school = await new SchoolApi(silo.CreateClient()).CreateAsync();
            await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));
            await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T08:50:00Z" }));
            schools.Add((school.Id, silo));
        }

        var activations = await Activations(siloA);
        foreach (var (school, silo) in schools)
        {
            Assert.Equal(SiloOf(silo), Assert.Single(PlacedTogether(activations, school).Distinct()));
        }
    }

    [Fact]
    public async Task With_school_affinity_a_schools_grain_woken_on_another_silo_moves_to_where_its_requests_land()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var siloA = new AttendanceServer(connectionString, settings: Affinity);
        using var siloB = new AttendanceServer(connectionString, settings: Affinity);
        var school = await new SchoolApi(siloA.CreateClient()).CreateAsync();

        // The school's feed woken on B (as a dashboard's subscription or a reminder may), its requests landing on A.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, SiloOf(siloB));
        await siloB.Services.GetRequiredService<IGrainFactory>().GetGrain<ISchoolFeedGrain>(school.Id).GetSnapshot();
        RequestContext.Clear();
        Assert.Equal([SiloOf(siloB)], FeedOf(await Activations(siloA), school.Id));

        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));

        // While it moves, the old activation may still be listed on B beside the new one on A; done is A alone.
        var settled = await Eventually.Until(async () => FeedOf(await Activations(siloA), school.Id), silos => silos.SequenceEqual([SiloOf(siloA)]), TimeSpan.FromSeconds(10));
        Assert.Equal([SiloOf(siloA)], settled);
        static SiloAddress[] FeedOf(DetailedGrainStatistic[] activations, string school) =>
            [.. activations.Where(a => a.GrainType.Contains("SchoolFeedGrain", StringComparison.Ordinal) && a.GrainId.Key.ToString() == school).Select(a => a.SiloAddress)];
    }

    private static SiloAddress SiloOf(AttendanceServer silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    private static Task<DetailedGrainStatistic[]> Activations(AttendanceServer silo) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();

    /// <summary>Where a school's grains that must live together are active: its school, 2 classes, 4 pupils and feed, each once.</summary>
    private static List<SiloAddress> PlacedTogether(DetailedGrainStatistic[] activations, string school)
    {
        string[] together = ["SchoolGrain", "ClassGrain", "PupilGrain", "SchoolFeedGrain"];
        var placed = activations
            .Where(a => together.Any(t => a.GrainType.Contains(t, StringComparison.Ordinal)))
            .Where(a => SchoolPlacementDirector.SchoolOf(a.GrainId.Key.ToString()!) == school)
            .ToList();
        Assert.Equal(1 + 2 + 4 + 1, placed.Select(a => a.GrainId).Distinct().Count());
        return [.. placed.Select(a => a.SiloAddress)];
    }

    private static async Task<long> ActiveSilos(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
