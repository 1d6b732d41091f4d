using System.Net;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The trust's pages work for a school that has just been created and has no pupils yet.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class TrustAnalyticsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_new_school_with_no_pupils_is_a_line_of_its_own_in_the_trust_table()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var empty = new SchoolApi(fixture.Server.CreateClient());
        await SchoolApi.EnsureSuccess(await empty.Send(HttpMethod.Put, "", SchoolApi.Settings));
        var trust = fixture.Server.ClientAs(TestUsers.Trust);

        var table = JsonNode.Parse(await trust.GetStringAsync("/api/trust/analytics"))!;
        var line = table["schools"]!.AsArray().Single(l => l!["schoolId"]!.GetValue<string>() == empty.Id)!;
        Assert.Equal(0, line["pupils"]!.GetValue<int>());
        Assert.Null(line["attendancePercent"]);

        Assert.Equal(HttpStatusCode.OK, (await trust.GetAsync("/api/trust/analytics.csv")).StatusCode);
        var school = JsonNode.Parse(await trust.GetStringAsync(empty.Url("/analytics")))!;
        Assert.Null(school["wholeSchool"]);
        foreach (var page in new[] { "/analytics.csv", "/analytics/trend.csv", "/analytics/reasons.csv", "/analytics/trend.svg", "/analytics/reasons.svg" })
        {
            Assert.True((await trust.GetAsync(empty.Url(page))).StatusCode == HttpStatusCode.OK, page);
        }

        // No pupils, so no class to chart by: said as a problem, not a failure.
        await SchoolApi.Problem(await trust.GetAsync(empty.Url("/analytics.svg?dimension=Class")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_trust_table_reads_a_past_year_as_it_ended_with_the_pupils_who_have_left_since()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(fixture.Server.CreateClient());
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", SchoolApi.SettingsWithLastSummer()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster",
            "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,EntryDate\nT000000000001,Amelia,Smith,2018-03-01,3,3B,2026-07-06\nT000000000002,Oliver,Jones,2015-04-02,6,3B,2026-07-06\n", "text/csv"));
        // Last summer: Amelia present, Oliver absent every morning; he left on its last day. This autumn: Amelia present.
        var summer = string.Concat(Enumerable.Range(0, 17).Select(d => new DateOnly(2026, 7, 6).AddDays(d)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .Select(d => $"T000000000001,{d:yyyy-MM-dd},AM,/\nT000000000001,{d:yyyy-MM-dd},PM,/\nT000000000002,{d:yyyy-MM-dd},AM,O\nT000000000002,{d:yyyy-MM-dd},PM,/\n"));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", "UPN,Date,Session,Code\n" + summer, "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(("T000000000001", "/", new(2026, 9, 3), new(2026, 11, 9))), "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000002/deletion", new { lastDayOnRoll = "2026-07-22", ground = "RegisteredAtAnotherSchool", note = "Year 6 to Riverside Secondary" }));
        var trust = fixture.Server.ClientAs(TestUsers.Trust);

        JsonNode Line(JsonNode table) => table["schools"]!.AsArray().Single(l => l!["schoolId"]!.GetValue<string>() == school.Id)!;
        var thisYear = Line(JsonNode.Parse(await trust.GetStringAsync("/api/trust/analytics"))!);
        Assert.Equal((1, 100.0m), (thisYear["pupils"]!.GetValue<int>(), thisYear["attendancePercent"]!.GetValue<decimal>()));
        var lastYear = Line(JsonNode.Parse(await trust.GetStringAsync("/api/trust/analytics?year=2025/26"))!);
        // 13 school days: Amelia 26 of 26, Oliver 13 of 26, so 39 of 52; Oliver persistently (and severely) absent.
        Assert.Equal((2, 75.0m, 50.0m), (lastYear["pupils"]!.GetValue<int>(), lastYear["attendancePercent"]!.GetValue<decimal>(), lastYear["persistentAbsencePercent"]!.GetValue<decimal>()));

        var csv = await trust.GetAsync("/api/trust/analytics.csv?year=2025/26");
        Assert.Equal("schools-2025-2026.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        await SchoolApi.Problem(await trust.GetAsync("/api/trust/analytics?year=last"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_trust_table_takes_any_period_of_whole_weeks_and_says_what_a_period_cannot_show()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history",
            SchoolApi.HistoryCsv(("T000000000001", "/", new(2026, 11, 3), new(2026, 11, 9)), ("T000000000002", "O", new(2026, 11, 3), new(2026, 11, 9))), "text/csv"));
        var trust = fixture.Server.ClientAs(TestUsers.Trust);

        // Two weeks, ten sessions each: Amelia all present, Oliver all absent; the other two pupils have no sessions in it.
        var table = JsonNode.Parse(await trust.GetStringAsync("/api/trust/analytics?from=2026-11-03&to=2026-11-10"))!;
        Assert.Equal(("2026-11-02", "2026-11-09"), ((string?)table["firstWeek"], (string?)table["lastWeek"]));
        var line = table["schools"]!.AsArray().Single(l => (string)l!["schoolId"]! == school.Id)!;
        Assert.Equal((2, 50.0m, 50.0m, 50.0m), ((int)line["pupils"]!, (decimal)line["attendancePercent"]!, (decimal)line["persistentAbsencePercent"]!, (decimal)line["severeAbsencePercent"]!));
        Assert.Null(line["authorisedAbsencePercent"]); // a period keeps sessions, not codes
        Assert.Null(line["headingForWorseBand"]);

        var csv = await trust.GetAsync("/api/trust/analytics.csv?from=2026-11-03&to=2026-11-10");
        Assert.Equal("schools-2026-11-02-to-2026-11-15.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        foreach (var bad in new[] { "year=2025/26&from=2026-11-03&to=2026-11-10", "from=2026-11-10&to=2026-11-03", "from=2026-11-03", "from=10/11/2026&to=2026-11-12" })
        {
            await SchoolApi.Problem(await trust.GetAsync($"/api/trust/analytics?{bad}"), HttpStatusCode.BadRequest);
            await SchoolApi.Problem(await trust.GetAsync($"/api/trust/analytics.csv?{bad}"), HttpStatusCode.BadRequest);
        }
    }
}
