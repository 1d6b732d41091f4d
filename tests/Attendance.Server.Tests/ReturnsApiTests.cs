using System.Net;
using System.Text.Json.Nodes;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Issue 16's statutory extracts: the DfE's daily attendance data, the local authority's lists and the census figures.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class ReturnsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    // Amelia's characteristics in the census's codes; the other three pupils have none held.
    private static readonly string Roster = SchoolApi.RosterCsv
        .Replace("Contact2Phone\n", "Contact2Phone,Sex,Ethnicity,FSM,SENProvision,LookedAfter,PreviouslyLookedAfter,ChildInNeed\n", StringComparison.Ordinal)
        .Replace("07700 900002\n", "07700 900002,F,WBRI,Y,K,Y,N,CPP\n", StringComparison.Ordinal);

    private async Task<SchoolApi> NewSchool(bool identified = true)
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(fixture.Server.CreateClient());
        var settings = JsonNode.Parse(SchoolApi.Settings)!;
        if (identified)
        {
            settings["urn"] = "100001";
            settings["laEstab"] = "9372001";
        }

        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", settings.ToJsonString()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", Roster.ReplaceLineEndings("\n"), "text/csv"));
        return school;
    }

    private HttpClient ClientAs(SchoolApi school, params StaffRole[] roles) =>
        fixture.Server.ClientAs(StaffUser.Of("Mr Jones", "Attendance officer", roles, schools: [school.Id]));

    [Fact]
    public async Task The_DfE_extract_carries_each_pupils_identifiers_characteristics_and_codes_and_is_recorded_with_who_took_it()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-09-AM", code = "/" }));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-09-PM", code = "N" }));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/amendments", new { session = "2026-11-09-PM", code = "I", reason = "Mother rang: ill" }));
        var office = ClientAs(school, StaffRole.AttendanceOfficer);

        var answer = await office.GetAsync(school.Url("/returns/dfe-attendance.csv?from=2026-11-09&to=2026-11-10"));

        await SchoolApi.EnsureSuccess(answer);
        var rows = (await answer.Content.ReadAsStringAsync()).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(
            "URN,LAESTAB,UPN,LegalForename,LegalSurname,DateOfBirth,Sex,Ethnicity,YearGroup,FSM,SENProvision,LookedAfter,PreviouslyLookedAfter,ChildInNeed,EntryDate,LeavingDate,SessionDate,Session,AttendanceCode",
            rows[0]);
        Assert.Equal(1 + 4 * 4, rows.Length); // four pupils, four open sessions (9 November AM and PM, 10 November AM and PM)

        // The first roster is the roll the school arrived with: on roll from the start of the year (the entry date).
        Assert.Equal("100001,9372001,T000000000001,Amelia,Smith,2018-03-01,F,WBRI,3,Y,K,Y,N,CPP,2026-09-03,,2026-11-09,AM,/", rows[1]);
        Assert.Equal("100001,9372001,T000000000001,Amelia,Smith,2018-03-01,F,WBRI,3,Y,K,Y,N,CPP,2026-09-03,,2026-11-09,PM,I", rows[2]); // the code now, after the amendment
        Assert.Equal("100001,9372001,T000000000001,Amelia,Smith,2018-03-01,F,WBRI,3,Y,K,Y,N,CPP,2026-09-03,,2026-11-10,PM,", rows[4]); // not marked yet
        Assert.Equal("100001,9372001,T000000000002,Oliver,Jones,2018-04-02,,,3,N,N,N,N,,2026-09-03,,2026-11-09,AM,", rows[5]);

        var log = JsonNode.Parse(await office.GetStringAsync(school.Url("/returns/extracts")))!.AsArray();
        var taken = Assert.Single(log)!;
        Assert.Equal(("DfeDailyAttendance", "2026-11-09", "2026-11-10", 4, 16, "Mr Jones", "Attendance officer"), (
            taken["kind"]!.GetValue<string>(), taken["from"]!.GetValue<string>(), taken["to"]!.GetValue<string>(), taken["pupils"]!.GetValue<int>(),
            taken["rows"]!.GetValue<int>(), taken["by"]!.GetValue<string>(), taken["role"]!.GetValue<string>()));
        Assert.Equal(fixture.Server.Clock.Now, taken["at"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Only_the_office_and_trust_leaders_take_the_extract_and_a_school_without_its_URN_is_told_what_to_set()
    {
        var school = await NewSchool(identified: false);
        const string path = "/returns/dfe-attendance.csv?from=2026-11-09&to=2026-11-10";
        foreach (var role in new[] { StaffRole.AttendanceLead, StaffRole.SeniorLeader })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await ClientAs(school, role).GetAsync(school.Url(path))).StatusCode);
        }

        var problem = await SchoolApi.Problem(await ClientAs(school, StaffRole.AttendanceOfficer).GetAsync(school.Url(path)), HttpStatusCode.BadRequest);
        Assert.Contains("URN and LAESTAB", problem["detail"]!.GetValue<string>());
        var trust = fixture.Server.ClientAs(StaffUser.Of("Ms Khan", "Trust data lead", [StaffRole.TrustLeader]));
        Assert.Equal(HttpStatusCode.BadRequest, (await trust.GetAsync(school.Url(path))).StatusCode);
        Assert.Empty(JsonNode.Parse(await trust.GetStringAsync(school.Url("/returns/extracts")))!.AsArray());
    }

    [Fact]
    public async Task Characteristics_outside_the_census_codes_are_refused_by_line_and_nothing_is_imported()
    {
        var school = new SchoolApi(fixture.Server.CreateClient());
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", SchoolApi.Settings));
        var bad = Roster.Replace(",F,WBRI,Y,K,", ",X,White British,Y,Q,", StringComparison.Ordinal);

        var problem = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/roster", bad, "text/csv"), HttpStatusCode.BadRequest);

        var items = problem["items"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        Assert.Contains("Line 2: Sex 'X' should be F or M.", items);
        Assert.Contains("Line 2: SENProvision 'Q' should be N, K (SEN support) or E (EHC plan).", items);
        Assert.Empty((await school.Get("/pupils")).AsArray());

        // In JSON, an enum number that is not one of the census's values never reaches the roster either.
        var json = """
            {"classes":[{"id":"3B","name":"Year 3 Beech"}],"pupils":[{"upn":"T000000000001","legalForename":"Amelia","legalSurname":"Smith","dateOfBirth":"2018-03-01",
             "yearGroup":"3","registrationGroup":"3B","characteristics":{"sex":7}}]}
            """;
        await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/roster", json), HttpStatusCode.BadRequest);
        var ethnicity = json.Replace("\"sex\":7", "\"ethnicity\":\"white\"", StringComparison.Ordinal);
        var refused = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/roster", ethnicity), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is not a DfE ethnicity code", refused["detail"]!.GetValue<string>());
        Assert.Empty((await school.Get("/pupils")).AsArray());
    }

    [Fact]
    public async Task The_local_authority_lists_take_pupils_at_10_continuous_days_and_15_days_of_illness_and_not_a_day_before()
    {
        var school = await NewSchool();
        var csv = SchoolApi.HistoryCsv(
            ("T000000000001", "N", new(2026, 10, 20), new(2026, 11, 9)), // with this morning's N: 10 school days in a row
            ("T000000000002", "/", new(2026, 10, 20), new(2026, 10, 20)),
            ("T000000000002", "N", new(2026, 10, 21), new(2026, 11, 9)), // 9 school days
            ("T000000000003", "I", new(2026, 9, 3), new(2026, 9, 23)), // 15 school days: 30 sessions
            ("T000000000004", "I", new(2026, 9, 3), new(2026, 9, 22)), // 14 school days...
            ("T000000000004", "/", new(2026, 9, 24), new(2026, 10, 23)));
        csv += "T000000000004,2026-09-23,AM,I\nT000000000004,2026-09-23,PM,/\n"; // ...and one session: 14.5 days
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", csv, "text/csv"));
        foreach (var upn in new[] { "T000000000001", "T000000000002" })
        {
            await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{upn}/marks", new { session = "2026-11-10-AM", code = "N" }));
        }

        var lists = await school.Get("/returns/local-authority?on=2026-11-10");

        var tenDays = Assert.Single(lists["tenDays"]!.AsArray())!;
        Assert.Equal(("T000000000001", 10m, "2026-10-20"), (tenDays["upn"]!.GetValue<string>(), tenDays["figure"]!.GetValue<decimal>(), tenDays["since"]!.GetValue<string>()));
        var sickness = Assert.Single(lists["sickness"]!.AsArray())!;
        Assert.Equal(("T000000000003", 15m), (sickness["upn"]!.GetValue<string>(), sickness["figure"]!.GetValue<decimal>()));
        var persistent = lists["persistentAbsence"]!.AsArray().ToDictionary(p => p!["upn"]!.GetValue<string>(), p => (p!["figure"]!.GetValue<decimal>(), p["severe"]!.GetValue<bool>()));
        Assert.Equal((0m, true), persistent["T000000000001"]);
        Assert.Equal((10.5m, true), persistent["T000000000002"]); // 2 of 19 sessions attended
        Assert.Equal((0m, true), persistent["T000000000003"]);
        Assert.Equal((60.8m, false), persistent["T000000000004"]); // 29 of 74 missed: persistent, not severe
        Assert.Equal(4, persistent.Count);

        // A day earlier the first pupil had 9 days: no one is on the 10-day list.
        Assert.Empty((await school.Get("/returns/local-authority?on=2026-11-09"))["tenDays"]!.AsArray());

        var csvLists = await (await fixture.Server.CreateClient().GetAsync(school.Url("/returns/local-authority.csv?on=2026-11-10"))).Content.ReadAsStringAsync();
        Assert.Contains("Absent 10 school days without permission,T000000000001,Amelia Smith,3,3B,10,2026-10-20,N", csvLists);
        Assert.Contains("Illness 15 days this year,T000000000003,Isla Patel,3,3B,15,,N", csvLists);
    }

    [Fact]
    public async Task The_census_figures_count_each_pupils_sessions_by_reason_code_for_the_term()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(
            ("T000000000003", "I", new(2026, 9, 3), new(2026, 9, 23)),
            ("T000000000003", "/", new(2026, 9, 24), new(2026, 10, 22)),
            ("T000000000003", "G", new(2026, 10, 23), new(2026, 10, 23))), "text/csv"));

        var csv = (await (await fixture.Server.CreateClient().GetAsync(school.Url("/returns/census.csv?from=2026-09-03&to=2026-10-23"))).Content.ReadAsStringAsync())
            .ReplaceLineEndings("\n").Split('\n');

        var header = csv[0].Split(',');
        var isla = csv.Single(l => l.StartsWith("T000000000003", StringComparison.Ordinal)).Split(',');
        string Column(string name) => isla[Array.IndexOf(header, name)];
        Assert.Equal(("74", "42", "30", "2"), (Column("SessionsPossible"), Column("SessionsAttended"), Column("AuthorisedAbsence"), Column("UnauthorisedAbsence")));
        Assert.Equal(("30", "2", "0"), (Column("I"), Column("G"), Column("N")));
        Assert.DoesNotContain("D", header); // dual registration is not a session of this school's
    }

    [Fact]
    public async Task A_pupil_who_left_during_the_term_is_returned_for_the_sessions_they_were_on_roll()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv(
            ("T000000000002", "/", new(2026, 9, 3), new(2026, 10, 8)),
            ("T000000000002", "O", new(2026, 10, 9), new(2026, 10, 9))), "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000002/deletion", new { lastDayOnRoll = "2026-10-09", ground = "RegisteredAtAnotherSchool", note = "Moved to Leeds" }));

        var csv = (await (await fixture.Server.CreateClient().GetAsync(school.Url("/returns/census.csv?from=2026-09-03&to=2026-10-23"))).Content.ReadAsStringAsync())
            .ReplaceLineEndings("\n").Split('\n');

        var header = csv[0].Split(',');
        var left = csv.Single(l => l.StartsWith("T000000000002", StringComparison.Ordinal)).Split(',');
        string Column(string name) => left[Array.IndexOf(header, name)];
        Assert.Equal(("54", "52", "2"), (Column("SessionsPossible"), Column("SessionsAttended"), Column("UnauthorisedAbsence"))); // 27 school days to 9 October

        // A term that ended before they left does not hold them for more, and one that began after does not hold them at all.
        var later = await (await fixture.Server.CreateClient().GetAsync(school.Url("/returns/census.csv?from=2026-11-02&to=2026-12-18"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("T000000000002", later, StringComparison.Ordinal);
    }
}
