using System.Net;
using System.Text.Json.Nodes;
using Attendance.Testing;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Server.Tests;

/// <summary>
/// A school run through the end of 2025/26 into 2026/27: the office previews the year end, then does it; pupils move
/// up, Year 6 leaves on the last day, last year's register is unchanged, and this year's figures start from zero.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class SchoolYearScreenTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private const string Roster = """
        UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,ClassName
        T000000000001,Amelia,Smith,2015-03-01,6,6B,Year 6 Birch
        T000000000002,Oliver,Jones,2015-04-02,6,6B,Year 6 Birch
        T000000000003,Isla,Patel,2016-05-03,5,5G,Year 5 Glade
        T000000000004,Noah,Brown,2016-06-04,5,5G,Year 5 Glade
        """;

    /// <summary>Summer 2 2026 and autumn 2026; the clock on Thursday 23 July 2026, the day after the summer term.</summary>
    private async Task<SchoolApi> SchoolAtTheEndOfTheYear()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 7, 23, 9, 0, 0, TimeSpan.Zero);
        var school = new SchoolApi(fixture.Server.CreateClient());
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", SchoolApi.SettingsWithLastSummer()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", Roster, "text/csv"));
        var summer = string.Concat(Enumerable.Range(0, 17).Select(d => new DateOnly(2026, 7, 6).AddDays(d))
            .Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            .SelectMany(d => Enumerable.Range(1, 4).Select(p => $"T00000000000{p},{d:yyyy-MM-dd},AM,{(p == 3 ? "O" : "/")}\nT00000000000{p},{d:yyyy-MM-dd},PM,/\n")));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", "UPN,Date,Session,Code\n" + summer, "text/csv"));
        return school;
    }

    [Fact]
    public async Task The_office_previews_the_year_end_then_ends_the_year()
    {
        var school = await SchoolAtTheEndOfTheYear();
        var summerRegister = await (await fixture.Server.ClientAs(TestUsers.Officer(school.Id)).GetAsync(school.Url("/register.csv?from=2026-07-06&to=2026-07-22"))).Content.ReadAsStringAsync();
        var teacher = fixture.Server.ClientAs(TestUsers.Teacher(school.Id, "6B"));
        await SchoolApi.Problem(await teacher.PostAsync(school.Url("/year-end"), null), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await fixture.Server.ClientAs(TestUsers.Lead(school.Id)).GetAsync(school.Url("/year-end")), HttpStatusCode.Forbidden);

        var office = await Screen.Open(browser, fixture.Server, TestUsers.Officer(school.Id), "/office.html");
        await office["#year-end button[type=submit]"].ClickAsync();
        await Expect(office["#year-end-preview .summary"]).ToHaveTextAsync(
            "Preview of the end of 2025/26, nothing changed yet: 2 pupil(s) move up, 2 in year group 6 leave on Wednesday 22 July; next year starts on Thursday 3 September.");
        await Expect(office["#year-end-preview"]).ToContainTextAsync("Isla Patel (T000000000003): 5 → 6");
        await Expect(office["#year-end-final"]).ToHaveValueAsync("6");
        await office.AssertAccessible();
        await office.Screenshots("office-year-end-preview");

        await office["#year-end-apply"].ClickAsync();
        await Expect(office["#year-end-preview .summary"]).ToContainTextAsync("2025/26 ended on");
        await Expect(office["#year-end-preview .summary"]).ToContainTextAsync("2 pupil(s) moved up, 2 left on Wednesday 22 July.");
        await Expect(office["#year-end-apply"]).ToBeDisabledAsync();
        await office.AssertAccessible();
        await office.Screenshots("office-year-end-done");

        // Last year's register is exactly as it was; Year 6 is off roll; done again, nothing more is done.
        Assert.Equal(summerRegister, await (await fixture.Server.ClientAs(TestUsers.Officer(school.Id)).GetAsync(school.Url("/register.csv?from=2026-07-06&to=2026-07-22"))).Content.ReadAsStringAsync());
        Assert.Equal(["T000000000003", "T000000000004"], (await school.Get("/pupils")).AsArray().Select(p => p!["upn"]!.GetValue<string>()).Order());
        var again = await school.Post("/year-end", new { });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var lines = (await school.Get("/admission-register")).AsArray();
        Assert.Equal((4, 2), (lines.Count(l => l!["kind"]!.GetValue<string>() == "Admission"), lines.Count(l => l!["kind"]!.GetValue<string>() == "Deletion")));

        // September: Isla's figures start from this year's sessions; last year's stay readable.
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 9, 3, 8, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000003/marks", new { session = "2026-09-03-AM", code = "/" }));
        var thisYear = await school.Get("/pupils/T000000000003/year");
        Assert.Equal(("2026/27", "6", 1), (thisYear["year"]!.GetValue<string>(), thisYear["pupil"]!["yearGroup"]!.GetValue<string>(), thisYear["attendance"]!["present"]!.GetValue<int>()));
        var lastYear = await school.Get("/pupils/T000000000003/year?year=2025/26");
        Assert.Equal((13, 13), (lastYear["attendance"]!["present"]!.GetValue<int>(), lastYear["attendance"]!["unauthorisedAbsence"]!.GetValue<int>()));
    }
}
