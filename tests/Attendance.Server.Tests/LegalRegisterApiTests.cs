using System.Net;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The legal register over HTTP with PostgreSQL: resends applied once, the CSV export and a session's history.</summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class LegalRegisterApiTests
{
    private const string Today = "2026-11-10-AM";

    [Fact]
    public async Task A_register_resent_with_its_idempotency_key_is_applied_once_and_the_export_and_history_show_every_change()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var http = server.ClientAs(TestUsers.Teacher(school.Id, "3B"));

        var register = """{"marks": [{"upn": "T000000000001", "code": "/"}, {"upn": "T000000000002", "code": "L"}, {"upn": "T000000000003", "code": "N"}]}""";
        HttpResponseMessage Submit(string key)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, school.Url($"/classes/3B/registers/{Today}")) { Content = new StringContent(register, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return http.Send(request);
        }

        await SchoolApi.EnsureSuccess(Submit("tablet-7-0001"));
        var resent = Submit("tablet-7-0001");
        await SchoolApi.EnsureSuccess(resent);
        Assert.Equal(3, System.Text.Json.Nodes.JsonNode.Parse(await resent.Content.ReadAsStringAsync())!["unchanged"]!.GetValue<int>());
        await SchoolApi.Problem(Submit("tablet-8-0001"), HttpStatusCode.Conflict);
        Assert.Equal(3, await Database.CountRows(connectionString, "attendance_register"));

        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000003/amendments", new
        {
            session = Today, code = "I", reason = "=HYPERLINK(\"x\") Parent phoned: ill",
        }));

        http = server.ClientAs(TestUsers.Officer(school.Id));
        var csv = await http.GetAsync(school.Url("/register.csv?from=2026-11-09&to=2026-11-10"));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("SchoolId,UPN,EntryNo,Session,Code,Source,RecordedBy,RecordedRole,RecordedAt,ArrivedAt,Reason,AmendsEntryNo,OriginalCode,OriginalRecordedBy,OriginalRecordedAt", rows[0]);
        Assert.Equal(5, rows.Length);
        Assert.StartsWith($"{school.Id},T000000000003,2,{Today},I,Office,Mr Jones,Attendance officer,2026-11-10T09:10:00Z,,", rows[4]);
        Assert.EndsWith(",1,N,Ms Patel,2026-11-10T09:10:00Z", rows[4]);
        Assert.DoesNotContain(",=HYPERLINK", rows[4]); // a formula in a reason is escaped for spreadsheets

        var history = (await school.Get($"/pupils/T000000000003/sessions/{Today}/history")).AsArray();
        Assert.Equal([("N", "Register", "Ms Patel"), ("I", "Office", "Mr Jones")],
            history.Select(l => (l!["code"]!.GetValue<string>(), l["source"]!.GetValue<string>(), l["recordedBy"]!.GetValue<string>())));
        Assert.Equal("N", history[1]!["originalCode"]!.GetValue<string>());

        foreach (var range in new[] { "", "?from=2026-11-10", "?from=2026-11-10&to=2026-11-09", "?from=2025-01-01&to=2026-11-10" })
        {
            await SchoolApi.Problem(await http.GetAsync(school.Url($"/register.csv{range}")), HttpStatusCode.BadRequest);
        }

        await SchoolApi.Problem(await http.GetAsync("/api/schools/nowhere/register.csv?from=2026-11-09&to=2026-11-10"), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await server.CreateClient().GetAsync("/api/schools/nowhere/register.csv?from=2026-11-09&to=2026-11-10"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_staff_marking_the_same_session_at_once_get_one_mark_and_one_conflict_naming_the_mark_kept()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var teacher = new SchoolApiFor(server.ClientAs(TestUsers.Teacher(school.Id, "3B")), school.Id);
        var office = new SchoolApiFor(server.ClientAs(TestUsers.Officer(school.Id)), school.Id);

        var answers = await Task.WhenAll(
            teacher.Post("/pupils/T000000000001/marks", new { session = Today, code = "/" }),
            office.Post("/pupils/T000000000001/marks", new { session = Today, code = "I" }),
            teacher.SubmitRegister(Today, "/", "/", "/"),
            office.SubmitRegister(Today, "/", "/", "/"));

        // The single marks: one kept, the other a 409 naming the pupil (resolved by an amendment with a reason).
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers[..2].Select(a => a.StatusCode).Order());
        var conflict = await SchoolApi.Problem(answers[..2].Single(a => a.StatusCode == HttpStatusCode.Conflict), HttpStatusCode.Conflict);
        Assert.Equal("T000000000001", conflict["items"]![0]!.GetValue<string>());

        // The registers: at most one submitted (none if the office's I came first, which conflicts with their /), the
        // other refused; nothing overwritten, and the legal register holds exactly the entries the pupils hold.
        Assert.True(answers[2..].Count(a => a.IsSuccessStatusCode) <= 1);
        Assert.Single((await school.Get($"/pupils/T000000000001/sessions/{Today}")).AsArray());
        var entries = 0;
        foreach (var upn in new[] { "T000000000001", "T000000000002", "T000000000003" })
        {
            entries += (await school.Get($"/pupils/{upn}/sessions/{Today}")).AsArray().Count;
        }

        Assert.Equal(entries, await Database.CountRows(connectionString, "attendance_register"));
    }
}
