using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Attendance.Server.Tests;

/// <summary>
/// PostgreSQL crashes (<c>pg_ctl stop -m immediate</c>) while the office records marks, then comes back: every mark
/// sent meanwhile is refused at once with a 503 problem of ours and <c>Retry-After</c>, health says why, the service
/// recovers by itself without restarting, and every acknowledged mark is in the register exactly once.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Faults)]
public class DatabaseOutageTests(ITestOutputHelper output)
{
    /// <summary>Marks for the four pupils over the school days before Tuesday 10 November: each a fresh session.</summary>
    private static IEnumerable<(string Upn, string Session)> Marks() =>
        from day in new[] { "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-09" }
        from part in new[] { "AM", "PM" }
        from pupil in new[] { 1, 2, 3, 4 }
        select ($"T00000000000{pupil}", $"{day}-{part}");

    [Fact]
    public async Task A_database_restart_refuses_marks_at_once_with_503_and_Retry_After_and_loses_or_doubles_none()
    {
        var postgres = await PostgresServer.StartOwnAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString);
        var http = server.CreateClient();
        var school = await new SchoolApi(http).CreateAsync();
        async Task<HttpResponseMessage> Mark((string Upn, string Session) mark) =>
            await school.Post($"/pupils/{mark.Upn}/marks", new { session = mark.Session, code = mark.Session.EndsWith("AM", StringComparison.Ordinal) ? "/" : "\\" });

        var marks = Marks().ToList();
        var acknowledged = new HashSet<(string, string)>();
        foreach (var mark in marks.Take(8))
        {
            await SchoolApi.EnsureSuccess(await Mark(mark));
            acknowledged.Add(mark);
        }

        await postgres.StopAsync();
        var slowest = TimeSpan.Zero;
        TimeSpan? firstRefusal = null;
        foreach (var mark in marks.Skip(8).Take(16))
        {
            var timer = Stopwatch.StartNew();
            var response = await Mark(mark);
            slowest = timer.Elapsed > slowest ? timer.Elapsed : slowest;
            firstRefusal ??= response.IsSuccessStatusCode ? null : timer.Elapsed;
            if (response.IsSuccessStatusCode)
            {
                acknowledged.Add(mark); // none expected, but one acknowledged must then be kept
                continue;
            }

            var problem = await SchoolApi.Problem(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains(problem["type"]!.GetValue<string>(), new[] { "urn:attendance:problem:register-unavailable", "urn:attendance:problem:database-unavailable" });
            Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "A refusal says when to try again.");
            Assert.Contains("Nothing was", problem["detail"]!.GetValue<string>());

            // The database's own words (driver, exception, host, port) stay in the log.
            foreach (var internals in new[] { "Npgsql", "Exception", "127.0.0.1", "5432", "socket", "connect" })
            {
                Assert.DoesNotContain(internals, problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.True(slowest < TimeSpan.FromSeconds(3), $"A mark during the outage waited {slowest.TotalSeconds:0.0} s for its answer.");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);

        // The database comes back: the same server takes marks again by itself; clients resend what was refused.
        await postgres.StartAgainAsync();
        var back = Stopwatch.StartNew();
        TimeSpan? recovered = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var mark in marks.Skip(8).Where(m => !acknowledged.Contains(m)))
        {
            HttpResponseMessage response;
            while (!(response = await Mark(mark)).IsSuccessStatusCode && DateTime.UtcNow < deadline)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            }

            await SchoolApi.EnsureSuccess(response);
            recovered ??= back.Elapsed;
            acknowledged.Add(mark);
        }

        // The figures the closing note and docs/BENCHMARKS.md quote (a loaded machine moves them; the asserts bound them).
        output.WriteLine($"stopped: first refusal {firstRefusal?.TotalMilliseconds:0} ms, slowest refusal {slowest.TotalMilliseconds:0} ms; " +
            $"first mark accepted {recovered?.TotalMilliseconds:0} ms after PostgreSQL answered again");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT upn, to_char(session_date, 'YYYY-MM-DD') || '-' || session_part FROM attendance_register WHERE school_id = $1", connection);
        query.Parameters.AddWithValue(school.Id);
        var lines = new List<(string, string)>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Equal(acknowledged.Order(), lines.Order()); // every acknowledged mark, each exactly once, and nothing else
        Assert.Equal(marks.Count, acknowledged.Count);
    }

    [Fact]
    public async Task A_frozen_database_holds_a_mark_for_a_bounded_time_then_503_and_marking_resumes_when_it_thaws()
    {
        var postgres = await PostgresServer.StartOwnAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString, settings: new Dictionary<string, string> { ["Attendance:DatabaseTimeout"] = "00:00:03" });
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var marks = Marks().Take(6).ToList();
        Task<HttpResponseMessage> Mark((string Upn, string Session) mark) => school.Post($"/pupils/{mark.Upn}/marks", new { session = mark.Session, code = "/" });
        await SchoolApi.EnsureSuccess(await Mark(marks[0]));

        await postgres.FreezeAsync();
        var waits = new List<TimeSpan>();
        try
        {
            foreach (var mark in marks.Skip(1).Take(3))
            {
                var timer = Stopwatch.StartNew();
                var response = await Mark(mark);
                waits.Add(timer.Elapsed);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
        finally
        {
            await postgres.ThawAsync();
        }

        // Bounded by the timeout, not by the freeze: on a connection already open the driver's timeout runs for each
        // read of the commit (measured 9 s at 3 s); a new connection gives up after the connect timeout.
        Assert.True(waits.Max() < TimeSpan.FromSeconds(12), $"Marks waited {string.Join(", ", waits.Select(w => $"{w.TotalSeconds:0.0} s"))} on a frozen database (timeout 3 s).");

        var thawed = Stopwatch.StartNew();
        TimeSpan? resumed = null;
        foreach (var mark in marks.Skip(1))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            HttpResponseMessage response;
            while (!(response = await Mark(mark)).IsSuccessStatusCode && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }

            await SchoolApi.EnsureSuccess(response);
            resumed ??= thawed.Elapsed;
        }

        output.WriteLine($"frozen (timeout 3 s): refusals after {string.Join(", ", waits.Select(w => $"{w.TotalMilliseconds:0} ms"))}; first mark accepted {resumed?.TotalMilliseconds:0} ms after the thaw");

        Assert.Equal(marks.Count, await Database.CountRows(connectionString, "attendance_register"));
    }
}
