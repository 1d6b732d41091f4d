using System.Net;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>A school's marks for the year so far from its previous system (issue 16's migration in).</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class HistoryImportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string History = """
        UPN,Date,Session,Code,RecordedBy,RecordedAt
        T000000000001,2026-11-05,AM,/,Ms Patel,2026-11-05T08:55:00Z
        T000000000001,2026-11-05,PM,H,,
        T000000000001,2026-11-06,AM,N,,
        T000000000001,2026-11-06,PM,O,,
        T000000000002,2026-11-05,AM,j,,
        """;

    private async Task<SchoolApi> NewSchool()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        return await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
    }

    private static async Task<JsonNode> Import(SchoolApi school, string csv, string query = "") =>
        JsonNode.Parse(await (await Ok(school.Send(HttpMethod.Post, $"/history{query}", csv, "text/csv"))).Content.ReadAsStringAsync())!;

    private static async Task<HttpResponseMessage> Ok(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        await SchoolApi.EnsureSuccess(response);
        return response;
    }

    [Fact]
    public async Task History_maps_pre_2024_codes_reports_each_pupils_totals_raises_no_alert_and_a_second_import_changes_nothing()
    {
        var school = await NewSchool();

        var preview = await Import(school, History, "?dryRun=true");
        Assert.Equal((5, 0), (preview["rows"]!.GetValue<int>(), preview["imported"]!.GetValue<int>()));
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-05-PM")).AsArray());

        var result = await Import(school, History);

        Assert.Equal((5, 2, 5, 0), (result["rows"]!.GetValue<int>(), result["pupils"]!.GetValue<int>(), result["imported"]!.GetValue<int>(), result["alreadyInRegister"]!.GetValue<int>()));
        Assert.Equal(1, result["mapped"]!["H → C"]!.GetValue<int>());
        Assert.Equal(1, result["mapped"]!["J → J1"]!.GetValue<int>());
        var first = result["totals"]![0]!;
        Assert.Equal("T000000000001", first["upn"]!.GetValue<string>());
        Assert.Equal((1, 1, 2), (first["sessions"]!["present"]!.GetValue<int>(), first["sessions"]!["authorisedAbsence"]!.GetValue<int>(), first["sessions"]!["unauthorisedAbsence"]!.GetValue<int>()));

        var holiday = (await school.Get("/pupils/T000000000001/sessions/2026-11-05-PM")).AsArray().Single()!;
        Assert.Equal(("C", "Import", "Previous MIS"), (holiday["code"]!.GetValue<string>(), holiday["source"]!.GetValue<string>(), holiday["recordedBy"]!["name"]!.GetValue<string>()));
        var morning = (await school.Get("/pupils/T000000000001/sessions/2026-11-05-AM")).AsArray().Single()!;
        Assert.Equal(("Ms Patel", DateTimeOffset.Parse("2026-11-05T08:55:00Z")), (morning["recordedBy"]!["name"]!.GetValue<string>(), morning["recordedAt"]!.GetValue<DateTimeOffset>()));

        // Two unauthorised sessions reach this school's threshold of 2, but history is the baseline: no alert.
        Assert.Empty((await school.Get("/alerts")).AsArray());

        var again = await Import(school, History);
        Assert.Equal((0, 5), (again["imported"]!.GetValue<int>(), again["alreadyInRegister"]!.GetValue<int>()));
        Assert.Single((await school.Get("/pupils/T000000000001/sessions/2026-11-05-PM")).AsArray());
    }

    [Fact]
    public async Task A_file_with_any_bad_row_imports_nothing_and_names_every_bad_line()
    {
        var school = await NewSchool();
        var csv = """
            UPN,Date,Session,Code
            T000000000001,2026-11-05,AM,/
            T999999999999,2026-11-05,AM,/
            T000000000001,2026-11-07,AM,/
            T000000000001,2026-11-10,AM,/
            T000000000002,2026-11-05,AM,Z9
            T000000000001,2026-11-05,am,N
            T000000000002,2026-11-05,XX,/
            T000000000002,2026-11-05,1,/
            """;

        var refused = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/history", csv, "text/csv"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("urn:attendance:problem:invalid-history", refused["type"]!.GetValue<string>());
        var items = refused["items"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Equal(7, items.Count);
        Assert.StartsWith("Line 3: pupil 'T999999999999' is not on the school's roll", items[0]);
        Assert.StartsWith("Line 4: the school was not open for 2026-11-07-AM", items[1]);
        Assert.StartsWith("Line 5: 2026-11-10-AM is not before today", items[2]);
        Assert.StartsWith("Line 6: 'Z9' is not a national attendance code", items[3]);
        Assert.Equal("Line 7: pupil T000000000001 already has a row for 2026-11-05-AM (line 2).", items[4]);
        Assert.StartsWith("Line 8: '2026-11-05' 'XX' is not a session", items[5]);
        Assert.StartsWith("Line 9: '2026-11-05' '1' is not a session", items[6]);
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-05-AM")).AsArray());

        // Asked to skip them: the one good row is imported, the seven others reported by line, nothing else changed.
        var skipped = await Import(school, csv, "?skipBadRows=true");
        Assert.Equal((1, 1), (skipped["rows"]!.GetValue<int>(), skipped["imported"]!.GetValue<int>()));
        Assert.Equal(items, skipped["skipped"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(["/"], (await school.Get("/pupils/T000000000001/sessions/2026-11-05-AM")).AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.Empty((await school.Get("/pupils/T000000000002/sessions/2026-11-05-AM")).AsArray());
    }

    [Fact]
    public async Task A_mark_recorded_before_its_sessions_day_or_after_now_is_refused_as_the_retention_counts_from_it()
    {
        var school = await NewSchool(); // now: 10 November 2026, 09:10
        var csv = """
            UPN,Date,Session,Code,RecordedBy,RecordedAt
            T000000000001,2026-11-05,AM,/,Ms Patel,2026-11-05T00:00:00Z
            T000000000001,2026-11-06,AM,/,Ms Patel,2026-11-05T23:59:59Z
            T000000000002,2026-11-05,AM,/,Ms Patel,2016-11-05T08:55:00Z
            T000000000002,2026-11-06,AM,/,Ms Patel,2026-11-10T09:10:01Z
            T000000000003,2026-11-06,AM,/,Ms Patel,2026-11-10T09:10:00Z
            """;

        var refused = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/history", csv, "text/csv"), HttpStatusCode.UnprocessableEntity);

        var items = refused["items"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Equal(3, items.Count);
        Assert.StartsWith("Line 3: RecordedAt '2026-11-05T23:59:59Z' is before 2026-11-06, the session's day", items[0]);
        Assert.StartsWith("Line 4: RecordedAt '2016-11-05T08:55:00Z' is before 2026-11-05, the session's day", items[1]);
        Assert.StartsWith("Line 5: RecordedAt '2026-11-10T09:10:01Z' is in the future", items[2]);
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-05-AM")).AsArray());
    }

    [Fact]
    public async Task A_file_that_is_not_CSV_or_lacks_a_column_is_refused_with_what_to_send()
    {
        var school = await NewSchool();

        var json = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/history", "{}", "application/json"), HttpStatusCode.BadRequest);
        Assert.Contains("text/csv", json["detail"]!.GetValue<string>());
        var noCode = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/history", "UPN,Date,Session\nT000000000001,2026-11-05,AM\n", "text/csv"), HttpStatusCode.BadRequest);
        Assert.Contains("missing column(s): Code", noCode["detail"]!.GetValue<string>());
        await SchoolApi.Problem(await new SchoolApiFor(fixture.Server.CreateClient(), "no-such-school").Send(HttpMethod.Post, "/history", History, "text/csv"), HttpStatusCode.NotFound);
    }
}
