using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Server.Access;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Issue 16's analytics for a small school whose figures are worked out by hand: attendance, persistent and severe
/// absence by group against the whole school, groups below the minimum size not shown outside the school, and the
/// page's chart in headless Chromium (axe-core clean, screenshots).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class AnalyticsTests(Browser browser) : IClassFixture<Browser>
{
    // Amelia and Isla are girls, Oliver and Noah boys; Noah is the only pupil in Year 4.
    private const string Roster = """
        UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,ClassName,Sex,Ethnicity,FSM,SENProvision
        T000000000001,Amelia,Smith,2018-03-01,3,3B,Year 3 Beech,F,WBRI,Y,K
        T000000000002,Oliver,Jones,2018-04-02,3,3B,Year 3 Beech,M,WBRI,N,N
        T000000000003,Isla,Patel,2018-05-03,3,3B,Year 3 Beech,F,AIND,N,N
        T000000000004,Noah,Brown,2017-06-04,4,4G,Year 4 Glade,M,BAFR,Y,E
        """;

    // Amelia 6 of 8 (75.0%, persistent); Oliver 10 of 10; Isla 4 of 10 (40.0%, severe); Noah 9 of 10 (90.0%: persistent).
    private const string History = """
        UPN,Date,Session,Code
        T000000000001,2026-11-03,AM,/
        T000000000001,2026-11-03,PM,/
        T000000000001,2026-11-04,AM,/
        T000000000001,2026-11-04,PM,/
        T000000000001,2026-11-05,AM,/
        T000000000001,2026-11-05,PM,/
        T000000000001,2026-11-06,AM,N
        T000000000001,2026-11-06,PM,N
        T000000000002,2026-11-03,AM,/
        T000000000002,2026-11-03,PM,/
        T000000000002,2026-11-04,AM,/
        T000000000002,2026-11-04,PM,/
        T000000000002,2026-11-05,AM,/
        T000000000002,2026-11-05,PM,/
        T000000000002,2026-11-06,AM,/
        T000000000002,2026-11-06,PM,/
        T000000000002,2026-11-09,AM,/
        T000000000002,2026-11-09,PM,/
        T000000000003,2026-11-03,AM,/
        T000000000003,2026-11-03,PM,/
        T000000000003,2026-11-04,AM,/
        T000000000003,2026-11-04,PM,/
        T000000000003,2026-11-05,AM,I
        T000000000003,2026-11-05,PM,I
        T000000000003,2026-11-06,AM,I
        T000000000003,2026-11-06,PM,I
        T000000000003,2026-11-09,AM,I
        T000000000003,2026-11-09,PM,I
        T000000000004,2026-11-03,AM,/
        T000000000004,2026-11-03,PM,/
        T000000000004,2026-11-04,AM,/
        T000000000004,2026-11-04,PM,/
        T000000000004,2026-11-05,AM,/
        T000000000004,2026-11-05,PM,/
        T000000000004,2026-11-06,AM,/
        T000000000004,2026-11-06,PM,/
        T000000000004,2026-11-09,AM,/
        T000000000004,2026-11-09,PM,O
        """;

    private static readonly StaffUser TrustLeader = StaffUser.Of("Ms Clarke", "Trust attendance lead", [StaffRole.TrustLeader]);

    private static async Task<(AttendanceServer Server, SchoolApi School)> SmallSchool()
    {
        var server = new AttendanceServer(settings: new Dictionary<string, string> { ["Analytics:MinimumGroupSize"] = "3" });
        var school = await new SchoolApi(server.CreateClient()).CreateAsync(Roster);
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", History, "text/csv"));
        return (server, school);
    }

    private static Dictionary<string, JsonNode> Groups(JsonNode view, string dimension) =>
        view["groups"]!.AsArray().Where(g => g!["dimension"]!.GetValue<string>() == dimension).ToDictionary(g => g!["group"]!.GetValue<string>(), g => g!);

    private static (int?, decimal?, int?, decimal?, int?, decimal?) Figures(JsonNode g) => (
        g["pupils"]?.GetValue<int>(), g["attendancePercent"]?.GetValue<decimal>(), g["persistentlyAbsent"]?.GetValue<int>(),
        g["persistentAbsencePercent"]?.GetValue<decimal>(), g["severelyAbsent"]?.GetValue<int>(), g["severeAbsencePercent"]?.GetValue<decimal>());

    [Fact]
    public async Task Figures_by_group_match_the_hand_worked_ones_and_small_groups_are_not_shown_outside_the_school()
    {
        var (server, school) = await SmallSchool();
        using var _ = server;

        var inside = await school.Get("/analytics");

        // 29 of 38 sessions attended; Amelia, Isla and Noah persistently absent, Isla severely.
        Assert.Equal((4, 76.3m, 3, 75.0m, 1, 25.0m), Figures(Groups(inside, "School")["All pupils"]));
        Assert.Equal((3, 71.4m, 2, 66.7m, 1, 33.3m), Figures(Groups(inside, "Year group")["Year 3"]));
        Assert.Equal((1, 90.0m, 1, 100.0m, 0, 0.0m), Figures(Groups(inside, "Year group")["Year 4"]));
        Assert.Equal((2, 55.6m, 2, 100.0m, 1, 50.0m), Figures(Groups(inside, "Sex")["Female"]));
        Assert.Equal((2, 95.0m, 1, 50.0m, 0, 0.0m), Figures(Groups(inside, "Sex")["Male"]));
        Assert.Equal((2, 83.3m, 2, 100.0m, 0, 0.0m), Figures(Groups(inside, "Free school meals")["Eligible"])); // 15 of 18
        Assert.Equal(new[] { "EHC plan", "No SEN", "SEN support" }, Groups(inside, "SEN").Keys.Order());

        // A trust leader sees the groups of three or more; smaller ones say only that they are not shown.
        var trust = server.ClientAs(TrustLeader);
        var outside = JsonNode.Parse(await trust.GetStringAsync(school.Url("/analytics")))!;
        Assert.Equal((4, 76.3m, 3, 75.0m, 1, 25.0m), Figures(Groups(outside, "School")["All pupils"]));
        Assert.Equal((3, 71.4m, 2, 66.7m, 1, 33.3m), Figures(Groups(outside, "Year group")["Year 3"]));
        var noah = Groups(outside, "Year group")["Year 4"];
        Assert.True(noah["suppressed"]!.GetValue<bool>());
        Assert.Equal((null, null, null, null, null, null), Figures(noah));
        Assert.All(Groups(outside, "Sex").Values, g => Assert.True(g["suppressed"]!.GetValue<bool>()));
        var csv = await trust.GetStringAsync(school.Url("/analytics.csv"));
        Assert.Contains("Year group,Year 4,fewer than 3,,,,,", csv);
        Assert.DoesNotContain("90.0", csv.Split('\n').Single(l => l.StartsWith("Year group,Year 4", StringComparison.Ordinal)));

        var svg = await trust.GetStringAsync(school.Url("/analytics.svg?dimension=Year%20group"));
        Assert.Contains("<title id=\"chart-title\">Attendance by year group, Test Primary", svg);
        Assert.Contains("Year 4: not shown: fewer than 3 pupils", svg);
        Assert.Contains("whole school 76.3%", svg);
        await SchoolApi.Problem(await trust.GetAsync(school.Url("/analytics.svg?dimension=Shoe%20size")), HttpStatusCode.BadRequest);

        // A mark moves the figures: the pupil tells the school's roll-up as it records it (a message within the silo,
        // after the mark is acknowledged, so the test allows it a moment).
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000003/marks", new { session = "2026-11-10-AM", code = "/" }));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var moved = Figures(Groups(await school.Get("/analytics"), "School")["All pupils"]);
        while (moved.Item2 != 76.9m && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            moved = Figures(Groups(await school.Get("/analytics"), "School")["All pupils"]);
        }

        Assert.Equal((4, 76.9m, 3, 75.0m, 1, 25.0m), moved); // 30 of 39
    }

    [Fact]
    public async Task Reasons_and_weeks_come_from_the_roll_up_and_the_trust_table_has_each_school_with_the_national_reference()
    {
        var (server, school) = await SmallSchool();
        using var _ = server;

        var view = await school.Get("/analytics");

        // Absence: Isla's 6 I, Amelia's 2 N, Noah's 1 O: 9 sessions.
        Assert.Equal(
            new[] { ("I", 6, 66.7m), ("N", 2, 22.2m), ("O", 1, 11.1m) },
            view["reasons"]!.AsArray().Select(r => (r!["code"]!.GetValue<string>(), r["sessions"]!.GetValue<int>(), r["percentOfAbsence"]!.GetValue<decimal>())));
        // Week of 2 November: 26 of 32 sessions; week of 9 November: 3 of 6. No marks a year before.
        Assert.Equal(
            new[] { ("2026-11-02", 81.3m), ("2026-11-09", 50.0m) },
            view["trend"]!.AsArray().Select(w => (w!["monday"]!.GetValue<string>(), w["thisYear"]!.GetValue<decimal>())));
        Assert.All(view["trend"]!.AsArray(), w => Assert.Null(w!["lastYear"]));
        Assert.Empty(view["heading"]!.AsArray()); // Noah at exactly 90.0%, projected 90.0%: the same band

        var reasons = await school.Send(HttpMethod.Get, "/analytics/reasons.svg", "");
        Assert.Contains("I: 66.7% Illness (not medical or den… (6)", await reasons.Content.ReadAsStringAsync());
        var onPhone = await school.Send(HttpMethod.Get, "/analytics/reasons.svg?width=390", "");
        Assert.Contains("I: 66.7% (6); N: 22.2% (2); O: 11.1% (1)", await onPhone.Content.ReadAsStringAsync());
        var trendCsv = await (await school.Send(HttpMethod.Get, "/analytics/trend.csv", "")).Content.ReadAsStringAsync();
        Assert.Contains("2026-11-02,81.3,,", trendCsv);

        // The trust enters a national figure; a bad one is refused and changes nothing.
        var trust = server.ClientAs(TrustLeader);
        var refused = await SchoolApi.Problem(await trust.PutAsJsonAsync("/api/trust/national-reference", new { label = " ", attendancePercent = 140 }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("between 0 and 100", refused["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await trust.GetAsync("/api/trust/national-reference")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await server.ClientAs(TestUsers.Lead(school.Id)).PutAsJsonAsync("/api/trust/national-reference", new { label = "N", attendancePercent = 94 })).StatusCode);
        (await trust.PutAsJsonAsync("/api/trust/national-reference", new { label = "National, primary, 2024/25", attendancePercent = 94.5m, persistentAbsencePercent = 14.0m })).EnsureSuccessStatusCode();

        var table = JsonNode.Parse(await trust.GetStringAsync("/api/trust/analytics"))!;
        Assert.Equal(94.5m, table["national"]!["attendancePercent"]!.GetValue<decimal>());
        var line = table["schools"]!.AsArray().Single(l => l!["schoolId"]!.GetValue<string>() == school.Id)!;
        // 29 of 38 attended; 6 authorised (I) and 3 unauthorised (N, O) of 38 possible.
        Assert.Equal((4, 76.3m, 75.0m, 25.0m, 15.8m, 7.9m, 0), (line["pupils"]!.GetValue<int>(), line["attendancePercent"]!.GetValue<decimal>(),
            line["persistentAbsencePercent"]!.GetValue<decimal>(), line["severeAbsencePercent"]!.GetValue<decimal>(),
            line["authorisedAbsencePercent"]!.GetValue<decimal>(), line["unauthorisedAbsencePercent"]!.GetValue<decimal>(), line["headingForWorseBand"]!.GetValue<int>()));
        var trendSvg = await trust.GetStringAsync(school.Url("/analytics/trend.svg"));
        Assert.Contains("National, primary, 2024/25: 94.5%", trendSvg);
    }

    [Fact]
    public async Task Last_years_same_week_is_beside_this_years_and_a_pupil_heading_for_a_worse_band_is_listed()
    {
        using var server = new AttendanceServer();
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(server.CreateClient());

        // Last year: the school's 2025/26 calendar; Amelia 6 of 10 sessions in the week of 10 November 2025.
        var lastYear = JsonNode.Parse(SchoolApi.Settings)!;
        lastYear["calendar"]!["terms"] = JsonNode.Parse("""[{ "name": "Autumn 2025", "start": "2025-09-03", "end": "2025-12-19" }]""");
        lastYear["calendar"]!["closures"] = new JsonArray();
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", lastYear.ToJsonString()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", SchoolApi.RosterCsv, "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(
            ("T000000000001", "/", new DateOnly(2025, 11, 10), new DateOnly(2025, 11, 12)), ("T000000000001", "N", new DateOnly(2025, 11, 13), new DateOnly(2025, 11, 14))), "text/csv"));

        // This year: the calendar gains 2026/27's terms beside last year's. Oliver present to 6 November but for two
        // days' O (95.2%, Good); his last four weeks at 80%.
        var bothYears = JsonNode.Parse(SchoolApi.Settings)!;
        bothYears["calendar"]!["terms"]!.AsArray().Insert(0, JsonNode.Parse("""{ "name": "Autumn 2025", "start": "2025-09-03", "end": "2025-12-19" }"""));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", bothYears.ToJsonString()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(
            ("T000000000002", "/", new DateOnly(2026, 9, 3), new DateOnly(2026, 10, 23)), ("T000000000002", "O", new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 4)),
            ("T000000000002", "/", new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 9)), ("T000000000001", "/", new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 9))), "text/csv"));

        var view = await school.Get("/analytics");

        var week = view["trend"]!.AsArray().Single(w => w!["monday"]!.GetValue<string>() == "2026-11-09")!;
        Assert.Equal((100.0m, 60.0m), (week["thisYear"]!.GetValue<decimal>(), week["lastYear"]!.GetValue<decimal>()));
        // 80 of 84 so far; 56 sessions left at 16 of 20: (80 + 44.8) / 140 = 89.1%, Formal.
        // This year's figures count from this year's first day: Amelia's N a year ago is in last year's week only.
        Assert.Equal((4, 95.3m, 0, 0.0m, 0, 0.0m), Figures(Groups(view, "School")["All pupils"])); // 82 of 86; nobody persistently absent this year
        Assert.Equal(new[] { ("O", 4) }, view["reasons"]!.AsArray().Select(r => (r!["code"]!.GetValue<string>(), r["sessions"]!.GetValue<int>())));
        var oliver = Assert.Single(view["heading"]!.AsArray())!;
        Assert.Equal(("T000000000002", 95.2m, "Good", 89.1m, "Formal"), (oliver["upn"]!.GetValue<string>(), oliver["currentPercent"]!.GetValue<decimal>(),
            oliver["currentBand"]!.GetValue<string>(), oliver["projectedPercent"]!.GetValue<decimal>(), oliver["projectedBand"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Any_period_is_whole_weeks_with_each_pupils_attendance_and_band_and_ninety_percent_exactly_is_persistent()
    {
        var (server, school) = await SmallSchool();
        using var _ = server;
        var bands = (await school.Get("/policy"))["policy"]!["bands"]!.AsArray();
        string BandOf(decimal percent) => (string)bands.First(b => (decimal)b!["minimumPercent"]! <= percent)!["name"]!;

        // Both weeks: Isla 4 of 10 (severe), Amelia 6 of 8, Noah 9 of 10 (90.0%: persistent), Oliver 10 of 10.
        var both = await school.Get("/analytics/period?from=2026-11-03&to=2026-11-10");
        Assert.Equal(("2026-11-02", "2026-11-09"), ((string?)both["firstWeek"], (string?)both["lastWeek"]));
        var pupils = both["pupils"]!.AsArray();
        Assert.Equal(["T000000000003", "T000000000001", "T000000000004", "T000000000002"], pupils.Select(p => (string)p!["upn"]!));
        Assert.Equal([40.0m, 75.0m, 90.0m, 100.0m], pupils.Select(p => (decimal)p!["attendancePercent"]!));
        Assert.Equal([true, true, true, false], pupils.Select(p => (bool)p!["persistentlyAbsent"]!));
        Assert.Equal([true, false, false, false], pupils.Select(p => (bool)p!["severelyAbsent"]!));
        Assert.Equal([BandOf(40.0m), BandOf(75.0m), BandOf(90.0m), BandOf(100.0m)], pupils.Select(p => (string)p!["band"]!));
        Assert.Equal((4, 76.3m, 3, 1), Figures(Groups(both, "School")["All pupils"]) is var (n, a, pa, _, sa, _) ? (n, a, pa, sa) : default);

        // A day in the week counts the whole week; a week with no session for a pupil leaves them out.
        var firstWeek = (await school.Get("/analytics/period?from=2026-11-05&to=2026-11-05"))["pupils"]!.AsArray();
        Assert.Equal([50.0m, 75.0m, 100.0m, 100.0m], firstWeek.Select(p => (decimal)p!["attendancePercent"]!));
        Assert.True((bool)firstWeek[0]!["severelyAbsent"]!); // Isla 4 of 8: 50% exactly is severe
        var secondWeek = (await school.Get("/analytics/period?from=2026-11-09&to=2026-11-13"))["pupils"]!.AsArray();
        Assert.DoesNotContain("T000000000001", secondWeek.Select(p => (string)p!["upn"]!));

        var csv = await (await server.CreateClient().GetAsync(school.Url("/analytics/period.csv?from=2026-11-03&to=2026-11-10"))).Content.ReadAsStringAsync();
        Assert.Equal(5, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("UPN,Name,Class,PossibleSessions,SessionsAttended,AttendancePercent,Band,PersistentlyAbsent,SeverelyAbsent", csv);

        Assert.Equal(HttpStatusCode.OK, (await server.CreateClient().GetAsync(school.Url("/analytics/period?from=2025-10-06&to=2026-11-10"))).StatusCode); // 400 days
        foreach (var bad in new[] { "from=2026-11-10&to=2026-11-03", "from=10/11/2026&to=2026-11-12", "from=2025-10-05&to=2026-11-10", "to=2026-11-12", "from=9999-12-27&to=9999-12-31" })
        {
            var problem = await SchoolApi.Problem(await server.CreateClient().GetAsync(school.Url($"/analytics/period?{bad}")), HttpStatusCode.BadRequest);
            Assert.Equal("urn:attendance:problem:invalid-request", (string?)problem["type"]);
        }

        await SchoolApi.Problem(await server.ClientAs(TestUsers.Teacher(school.Id, "3B")).GetAsync(school.Url("/analytics/period?from=2026-11-03&to=2026-11-10")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_governors_report_is_one_PDF_of_the_periods_figures_with_charts_naming_no_pupil_and_hiding_small_groups_whoever_prints_it()
    {
        var (server, school) = await SmallSchool();
        using var _ = server;

        var weeks = (await school.Get("/analytics/period?from=2026-11-03&to=2026-11-10"))["weeks"]!.AsArray();
        Assert.Equal([("2026-11-02", 81.3m), ("2026-11-09", 50.0m)], weeks.Select(w => ((string)w!["monday"]!, (decimal)w["attendancePercent"]!))); // 26 of 32, 3 of 6

        var pages = await PdfText.Pages(await server.CreateClient().GetAsync(school.Url("/analytics/governors.pdf?from=2026-11-03&to=2026-11-10")));
        var text = string.Join(" ", pages);
        Assert.Contains("Attendance report to governors: the weeks of 2 November to 15 November 2026", text);
        Assert.Contains("Attendance 76.3% against the school's target of 96.0%. 4 pupils; persistently absent 3 (75.0%); severely absent 1 (25.0%).", text);
        Assert.Contains("Week of 2 Nov 81.3%", text);
        Assert.Contains("Week of 9 Nov 50.0%", text);
        Assert.Contains("target 96.0%", text);
        Assert.Contains("Year 3 71.4%", text); // 20 of 28
        Assert.Contains("Year 4 (fewer than 3)", text); // Noah alone: hidden even from the school's own senior leader
        Assert.DoesNotContain("90.0%", text);
        foreach (var named in new[] { "Amelia", "Oliver", "Isla", "Noah", "T00000000000" })
        {
            Assert.DoesNotContain(named, text, StringComparison.Ordinal);
        }

        await SchoolApi.Problem(await server.CreateClient().GetAsync(school.Url("/analytics/governors.pdf?from=2026-11-10&to=2026-11-03")), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await server.ClientAs(TestUsers.Teacher(school.Id, "3B")).GetAsync(school.Url("/analytics/governors.pdf?from=2026-11-03&to=2026-11-10")), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_analytics_page_draws_the_chart_with_its_table_for_a_trust_leader_and_a_lead()
    {
        var (server, school) = await SmallSchool();
        using var _ = server;

        var trust = await Screen.Open(browser, server, TrustLeader, $"/analytics.html?school={school.Id}");
        await Expect(trust["#chart svg title"]).ToHaveTextAsync("Attendance by year group, Test Primary, this year to 10 November 2026");
        await Expect(trust["#groups tr"]).ToHaveCountAsync(3); // the whole school, Year 3, Year 4
        await Expect(trust["#groups tr"].Nth(2)).ToContainTextAsync("Year 4fewer than 3not shown");
        await Expect(trust["#suppressed-note"]).ToContainTextAsync("1 group(s) with fewer than 3 pupils are not shown outside the school");
        await trust.AssertAccessible();
        await trust.Screenshots("analytics-trust");
        var csv = await trust.Page.RunAndWaitForDownloadAsync(() => trust["#download-csv"].ClickAsync());
        Assert.Equal($"attendance-by-group-{school.Id}-2026-11-10.csv", csv.SuggestedFilename);
        var svg = await trust.Page.RunAndWaitForDownloadAsync(() => trust["#download-svg"].ClickAsync());
        Assert.Equal("attendance-by-year-group.svg", svg.SuggestedFilename);
        await Expect(trust["#announce"]).ToHaveTextAsync("attendance-by-year-group.svg downloaded.");
        var png = await trust.Page.RunAndWaitForDownloadAsync(() => trust["#trend-png"].ClickAsync());
        Assert.Equal("attendance-by-week.png", png.SuggestedFilename);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await File.ReadAllBytesAsync(await png.PathAsync()))[..4]);
        await Expect(trust["#trend-chart svg title"]).ToHaveTextAsync("Attendance week by week, Test Primary: this year and last");
        await Expect(trust["#weeks tr"]).ToHaveCountAsync(2);
        await Expect(trust["#weeks tr"].First).ToHaveTextAsync("2 Nov 202681.3%no figure");
        await Expect(trust["#reasons tr"].First).ToHaveTextAsync("I: Illness (not medical or dental appointment)Authorised666.7%");
        await Expect(trust["#heading-count"]).ToHaveTextAsync("0");

        var lead = await Screen.Open(browser, server, TestUsers.Lead(school.Id), $"/analytics.html?school={school.Id}", width: 390);
        await lead["#dimension"].SelectOptionAsync("Sex");
        await Expect(lead["#announce"]).ToHaveTextAsync("Showing attendance by sex.");
        await Expect(lead["#groups tr"].Nth(1)).ToContainTextAsync("Female255.6%2 (100.0%)1 (50.0%)");
        await Expect(lead["#suppressed-note"]).ToBeHiddenAsync();
        await lead.AssertAccessible();
        await lead.Screenshots("analytics-lead");

        // Any period: the latest term begun, then the second week alone.
        await Expect(lead["#period-status"]).ToContainTextAsync("Showing the weeks of 2 Nov 2026 to");
        await Expect(lead["#period-groups tr"].First).ToContainTextAsync("All pupils476.3%");
        await lead["#period-from"].FillAsync("2026-11-09");
        await lead["#period-to"].FillAsync("2026-11-13");
        await lead["#period button[type=submit]"].ClickAsync();
        await Expect(lead["#period-status"]).ToHaveTextAsync("Showing the weeks of 9 Nov 2026 to 15 Nov 2026: 3 pupils with sessions.");
        await Expect(lead["#period-bands li"].First).ToContainTextAsync("Isla Patel (3B): 0.0%, 0 of 2 sessions, severely absent");
        var governors = await lead.Page.RunAndWaitForDownloadAsync(() => lead["#period-governors"].ClickAsync());
        Assert.Equal($"governors-report-{school.Id}-2026-11-09-to-2026-11-15.pdf", governors.SuggestedFilename);
        await Expect(lead["#period-status"]).ToHaveTextAsync($"{governors.SuggestedFilename} downloaded.");
        await lead.AssertAccessible();
        await lead.Screenshots("analytics-period");
    }

    [Fact]
    public async Task The_trust_sorts_its_schools_by_any_measure_and_enters_the_national_reference()
    {
        var (server, small) = await SmallSchool();
        using var _ = server;
        var settings = JsonNode.Parse(SchoolApi.Settings)!;
        settings["name"] = "Beech Academy";
        var beech = new SchoolApi(server.CreateClient());
        await SchoolApi.EnsureSuccess(await beech.Send(HttpMethod.Put, "", settings.ToJsonString()));
        await SchoolApi.EnsureSuccess(await beech.Send(HttpMethod.Post, "/roster", SchoolApi.RosterCsv, "text/csv"));
        await SchoolApi.EnsureSuccess(await beech.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(
            ("T000000000001", "/", new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 9)), ("T000000000002", "/", new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 9))), "text/csv"));

        var trust = await Screen.Open(browser, server, TrustLeader, "/trust.html");
        var names = trust["#year th[scope=row]"];
        await Expect(names).ToHaveTextAsync(["Beech Academy", "Test Primary"]);
        await trust["button[data-sort=attendancePercent]"].ClickAsync();
        await Expect(names).ToHaveTextAsync(["Test Primary", "Beech Academy"]); // 76.3% before 100.0%
        await Expect(trust["#announce"]).ToHaveTextAsync("Schools sorted by attendance, lowest first.");
        await Expect(trust["#year-table th:has(button[data-sort=attendancePercent])"]).ToHaveAttributeAsync("aria-sort", "ascending");
        await trust["button[data-sort=attendancePercent]"].ClickAsync();
        await Expect(names).ToHaveTextAsync(["Beech Academy", "Test Primary"]);
        await Expect(trust["#year tr"].Nth(1)).ToHaveTextAsync("Test Primary476.3%75.0%25.0%15.8%7.9%0");

        await trust["#national-label"].FillAsync("National, primary, 2024/25");
        await trust["#national-attendance"].FillAsync("94.5");
        await trust["#national-persistent"].FillAsync("14");
        await trust["#national-form button[type=submit]"].ClickAsync();
        await Expect(trust["#national-result"]).ToHaveTextAsync("Saved: the charts and this table now compare with it.");
        await Expect(trust["#national tr"]).ToHaveTextAsync("National, primary, 2024/2594.5%14.0%");
        await trust.AssertAccessible();
        await trust.Screenshots("trust-year");

        // Last year, as it ended: neither school has registers then, so each is a line of no pupils.
        await trust["#year-shown"].SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Index = 1 });
        await trust["#year-choice button"].ClickAsync();
        await Expect(trust["#year-title"]).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}/\d{2}, as it ended$"));
        await Expect(trust["#announce"]).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Showing \d{4}/\d{2}\.$"));
        await Expect(trust["#year tr"].Nth(0)).ToContainTextAsync("Beech Academy0");
        await trust.AssertAccessible();

        // Any dates: whole weeks, and "–" where a period has no figure (the heading-for-a-worse-band column).
        await trust["#year-shown"].SelectOptionAsync("dates");
        await trust["#year-from"].FillAsync("2026-11-03");
        await trust["#year-to"].FillAsync("2026-11-10");
        await trust["#year-choice button"].ClickAsync();
        await Expect(trust["#year-title"]).ToHaveTextAsync("The weeks of 2 Nov 2026 to 15 Nov 2026");
        await Expect(trust["#announce"]).ToHaveTextAsync("Showing the weeks of 2 Nov 2026 to 15 Nov 2026.");
        await Expect(trust["#year tr"].Nth(0).Locator("td").Last).ToHaveTextAsync("–");
        await trust.AssertAccessible();
        await trust.Screenshots("trust-period");

        var phone = await Screen.Open(browser, server, TrustLeader, "/trust.html", width: 390);
        await Expect(phone["#year tr"]).ToHaveCountAsync(2);
        await phone.AssertAccessible();
        await phone.Screenshots("trust-year");
    }
}
