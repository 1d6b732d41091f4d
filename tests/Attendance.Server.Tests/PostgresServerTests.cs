using System.Net;
using System.Net.Http.Json;
using Attendance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Attendance.Server.Tests;

/// <summary>
/// The server pointed at a real PostgreSQL database: it applies the schema itself, keeps grain state and cluster
/// membership there, and a mark acknowledged before a restart is there after it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
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
                session = Today, code = "M", reason = "Dentist appointment card seen",
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
    public async Task A_journal_too_busy_to_take_a_mark_answers_503_with_Retry_After_records_nothing_and_takes_it_when_sent_again()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString, settings: new Dictionary<string, string>
        {
            // One writer that waits 2 s for company, and room for one append: the second mark meanwhile is refused.
            ["Attendance:Journal:Writers"] = "1",
            ["Attendance:Journal:Linger"] = "00:00:02",
            ["Attendance:Journal:QueueLimit"] = "1",
            ["Attendance:Journal:RetryAfter"] = "00:00:05",
        });
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();

        // Two classes, so the two marks reach the journal at the same time.
        var first = school.Post("/pupils/T000000000001/marks", new { session = Today, code = "/" });
        await Task.Delay(500);
        var refused = await school.Post("/pupils/T000000000004/marks", new { session = Today, code = "/" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var problem = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("urn:attendance:problem:register-busy", problem["type"]!.GetValue<string>());
        Assert.Contains("Nothing was recorded", problem["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(1, await Database.CountRows(connectionString, "attendance_register"));
        Assert.Empty((await school.Get($"/pupils/T000000000004/sessions/{Today}")).AsArray());

        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000004/marks", new { session = Today, code = "/" }));
        Assert.Equal(2, await Database.CountRows(connectionString, "attendance_register"));
    }

    [Fact]
    public async Task A_parents_evidence_file_is_kept_in_PostgreSQL_and_opens_after_a_restart()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var parent = new Access.ParentUser("Jo Smith", "jo.evidence@example.org");
        byte[] letter = [.. "%PDF-1.7 hospital letter"u8];
        string schoolId, url;

        using (var first = new AttendanceServer(connectionString))
        {
            first.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
            var school = await new SchoolApi(first.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(parent.Email));
            schoolId = school.Id;
            var report = await first.ClientAs(parent).PostAsJsonAsync($"/api/family/children/{schoolId}/T000000000001/absences", new { first = Today, reason = "MedicalAppointment" });
            var reportId = (string)System.Text.Json.Nodes.JsonNode.Parse(await report.Content.ReadAsStringAsync())!["id"]!;
            var form = new MultipartFormDataContent { { new ByteArrayContent(letter), "file", "letter.pdf" } };
            var sent = await first.ClientAs(parent).PostAsync($"/api/family/children/{schoolId}/T000000000001/absences/{reportId}/evidence", form);
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            var fileId = (string)System.Text.Json.Nodes.JsonNode.Parse(await sent.Content.ReadAsStringAsync())!["evidence"]![0]!["id"]!;
            url = school.Url($"/absence-reports/{reportId}/evidence/{fileId}");
        }

        using var second = new AttendanceServer(connectionString);
        var opened = await second.ClientAs(TestUsers.Officer(schoolId)).GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(letter, await opened.Content.ReadAsByteArrayAsync());

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM evidence_files WHERE school_id = $1", connection) { Parameters = { new() { Value = schoolId } } };
        Assert.Equal(1L, await count.ExecuteScalarAsync());
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

    /// <summary>Orleans' ADO.NET reminder provider on our schema: what a first-day-call timer will rely on (issue 5).</summary>
    [Fact]
    public async Task Reminders_are_kept_in_PostgreSQL_with_versions_and_ring_slices()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        var grain = GrainId.Create("pupil", "school-1/T000000000001");
        var hash = grain.GetUniformHashCode();
        var start = new DateTime(2026, 11, 10, 9, 45, 0, DateTimeKind.Utc);
        string etag;

        using (var first = new AttendanceServer(connectionString))
        {
            first.CreateClient();
            var table = first.Services.GetRequiredService<IReminderTable>();
            await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "call", StartAt = start, Period = TimeSpan.FromMinutes(15) });
            etag = (await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "call", StartAt = start, Period = TimeSpan.FromDays(1) }))!;
        }

        using var second = new AttendanceServer(connectionString);
        second.CreateClient();
        var reminders = second.Services.GetRequiredService<IReminderTable>();
        var read = (await reminders.ReadRow(grain, "call"))!;
        Assert.Equal((start, TimeSpan.FromDays(1), etag), (read.StartAt.ToUniversalTime(), read.Period, read.ETag));
        Assert.Single((await reminders.ReadRows(grain)).Reminders);
        Assert.Single((await reminders.ReadRows(unchecked(hash - 1), hash)).Reminders); // (begin, end] holds the hash
        Assert.Empty((await reminders.ReadRows(hash, unchecked(hash + 1))).Reminders);
        Assert.Single((await reminders.ReadRows(unchecked(hash - 1), unchecked(hash - 2))).Reminders); // a slice wrapping the ring
        Assert.Empty((await reminders.ReadRows(hash, unchecked(hash - 1))).Reminders);

        Assert.False(await reminders.RemoveRow(grain, "call", "0")); // an old version: replaced meanwhile, kept
        Assert.True(await reminders.RemoveRow(grain, "call", etag));
        Assert.Empty((await reminders.ReadRows(grain)).Reminders);
    }

    [Fact]
    public async Task Membership_and_reminders_can_live_in_a_database_of_their_own()
    {
        var postgres = await PostgresServer.SharedAsync();
        var (attendance, cluster) = (await postgres.CreateDatabaseAsync(), await postgres.CreateDatabaseAsync());
        using var server = new AttendanceServer(attendance, settings: new Dictionary<string, string> { ["ConnectionStrings:AttendanceCluster"] = cluster });
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "L", "N"));
        await server.Services.GetRequiredService<IReminderTable>().UpsertRow(new ReminderEntry
        {
            GrainId = GrainId.Create("pupil", "school-1/T000000000001"), ReminderName = "call", StartAt = DateTime.UtcNow, Period = TimeSpan.FromMinutes(15),
        });

        // Each database has only its own tables (-1: no such table).
        Assert.Equal(1, await Rows(cluster, "orleansmembershiptable"));
        Assert.True(await Rows(cluster, "orleansreminders") >= 1);
        Assert.Equal((-1, -1), (await Rows(cluster, "orleansstorage"), await Rows(cluster, "attendance_register")));
        Assert.Equal((-1, -1), (await Rows(attendance, "orleansmembershiptable"), await Rows(attendance, "orleansreminders")));
        Assert.True(await Rows(attendance, "orleansstorage") > 0);
        Assert.Equal(3, await Rows(attendance, "attendance_register"));
    }

    [Fact]
    public async Task Liveness_is_the_process_answering_and_readiness_needs_the_database()
    {
        // Membership in a database of its own, so the silo itself carries on (and stops promptly) without the other.
        var postgres = await PostgresServer.SharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString, settings: new Dictionary<string, string> { ["ConnectionStrings:AttendanceCluster"] = await postgres.CreateDatabaseAsync() });
        var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // The attendance database goes away: not ready (take me out of the load balancer), still alive (do not restart me).
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        var ready = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("PostgreSQL is not reachable", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    /// <summary>Rows in a table; -1 when the database has no such table.</summary>
    private static async Task<int> Rows(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand($"SELECT to_regclass('{table.ToLowerInvariant()}') IS NOT NULL", connection);
        return (bool)(await exists.ExecuteScalarAsync())! ? (int)await Database.CountRows(connectionString, table) : -1;
    }
}
