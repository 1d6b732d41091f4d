using System.Net;
using Attendance.Testing;
using Npgsql;

namespace Attendance.Server.Tests;

/// <summary>
/// The server pointed at a real PostgreSQL database: it applies the schema itself, keeps grain state and cluster
/// membership there, and a mark acknowledged before a restart is there after it.
/// </summary>
public class PostgresServerTests
{
    private const string Today = "2026-11-10-AM";

    [Fact]
    public async Task An_acknowledged_mark_survives_a_server_restart()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        string schoolId;

        using (var first = new AttendanceServer(connectionString))
        {
            var school = await new SchoolApi(first.CreateClient()).CreateAsync();
            schoolId = school.Id;
            await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "L", "N"));
            await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000003/amendments", new
            {
                session = Today, code = "M", reason = "Dentist appointment card seen", amendedBy = SchoolApi.Staff("Mr Jones", "Attendance officer"),
            }));
        }

        using var second = new AttendanceServer(connectionString);
        var client = second.CreateClient();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var again = new SchoolApiFor(client, schoolId);
        var history = (await again.Get($"/pupils/T000000000003/sessions/{Today}")).AsArray();
        Assert.Equal(["N", "M"], history.Select(e => e!["code"]!.GetValue<string>()));
        var register = await again.Get($"/classes/3B/registers/{Today}");
        Assert.Equal("Submitted", register["state"]!.GetValue<string>());
        Assert.Equal(1, register["counts"]!["late"]!.GetValue<int>());

        // Both silos registered in the membership table; the first left it cleanly.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status FROM orleansmembershiptable ORDER BY generation", connection);
        var statuses = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statuses.Add(reader.GetInt32(0));
        }

        Assert.Equal([6, 3], statuses); // 6 = Dead (shut down), 3 = Active
    }

    [Fact]
    public async Task Health_reports_the_database()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString);

        var health = await server.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var checks = System.Text.Json.Nodes.JsonNode.Parse(await health.Content.ReadAsStringAsync())!["checks"]!;
        Assert.Equal("Healthy", checks["postgres"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", checks["silo"]!["status"]!.GetValue<string>());
    }
}
