using Attendance.Testing;
using Npgsql;

namespace Attendance.Server.Tests;

/// <summary>Two servers (two silos) clustered through PostgreSQL: the push path works across silos.</summary>
public class TwoSiloTests
{
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

    private static async Task<long> ActiveSilos(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansmembershiptable WHERE status = 3", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
