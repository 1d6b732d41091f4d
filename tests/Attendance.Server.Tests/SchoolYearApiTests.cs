using System.Net;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>A school's calendar across years: next year's terms are added beside this year's; the past keeps its weeks.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class SchoolYearApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Last_years_history_imported_after_the_new_year_began_leaves_this_years_figures_and_weeks_as_they_were()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync(
            "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,EntryDate\nT000000000001,Amelia,Smith,2018-03-01,3,3B,2026-07-06\n");
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(("T000000000001", "/", new(2026, 9, 3), new(2026, 11, 9))), "text/csv"));
        var before = await school.Get("/pupils/T000000000001");

        // Replacing this year's calendar with next year's would renumber the weeks already past: refused, nothing changed.
        var nextOnly = JsonNode.Parse(SchoolApi.Settings)!;
        nextOnly["calendar"]!["terms"] = JsonNode.Parse("""[{ "name": "Autumn 2027", "start": "2027-09-02", "end": "2027-12-17" }]""");
        var refused = await SchoolApi.Problem(await school.Send(HttpMethod.Put, "", nextOnly.ToJsonString()), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("would change school weeks that have already happened, from the week of 31 August 2026", refused["detail"]!.GetValue<string>());

        // Last summer's term added before this year's: its weeks are numbered below this year's, its history imports.
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", SchoolApi.SettingsWithLastSummer()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", "UPN,Date,Session,Code\nT000000000001,2026-07-22,AM,O\nT000000000001,2026-07-22,PM,O\n", "text/csv"));

        var after = await school.Get("/pupils/T000000000001");
        Assert.Equal(before["attendance"]!["present"]!.GetValue<int>(), after["attendance"]!["present"]!.GetValue<int>());
        Assert.Equal(0, after["attendance"]!["unauthorisedAbsence"]!.GetValue<int>()); // last July is last year's
        Assert.Equal("2026-08-31", (await school.Get(""))["calendar"]!["weeksFrom"]!.GetValue<string>());
        var history = (await school.Get("/pupils/T000000000001/sessions/2026-07-22-AM")).AsArray();
        Assert.Equal(-1, Assert.Single(history)!["schoolWeek"]!.GetValue<int>());
    }
}
