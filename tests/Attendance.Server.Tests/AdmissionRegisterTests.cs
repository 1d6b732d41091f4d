using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Issue 16's admission register: admissions by the roster, deletions on a regulation 9(1) ground, the local
/// authority's returns as tasks, and marks refused on days a pupil was not on roll. The test clock is Tuesday
/// 10 November 2026, 09:10.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class AdmissionRegisterTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Oliver = "T000000000002";

    private async Task<SchoolApi> NewSchool()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = new SchoolApi(fixture.Server.CreateClient());
        var settings = JsonNode.Parse(SchoolApi.Settings)!;
        settings["urn"] = "100002";
        settings["laEstab"] = "9372002";
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", settings.ToJsonString()));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", SchoolApi.RosterCsv, "text/csv"));
        return school;
    }

    private static Task<HttpResponseMessage> Delete(SchoolApi school, string upn, string lastDay, object ground) =>
        school.Post($"/pupils/{upn}/deletion", new { lastDayOnRoll = lastDay, ground, note = "Moved to St Mary's, Leeds" });

    private static async Task<HttpStatusCode> Mark(SchoolApi school, string upn, string session) =>
        (await school.Post($"/pupils/{upn}/marks", new { session, code = session.EndsWith("AM", StringComparison.Ordinal) ? "/" : "\\" })).StatusCode;

    [Fact]
    public async Task A_deletion_for_20_days_absence_needs_the_20th_day_in_the_register_and_the_enquiries_made()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv((Oliver, "O", new(2026, 10, 6), new(2026, 11, 9))), "text/csv"));
        var ground = "ContinuouslyAbsent20Days";
        var enquiries = new { lastDayOnRoll = "2026-11-09", ground, note = "Home visits 14 and 21 October, no answer; LA CME officer found no trace" };

        var nineteen = await SchoolApi.Problem(await school.Post($"/pupils/{Oliver}/deletion", enquiries), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("at least 20 school days in a row of absence without permission (G, N or O) up to the last day on roll; the register shows 19 ending on 9 November 2026", nineteen["detail"]!.GetValue<string>());

        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/history", SchoolApi.HistoryCsv((Oliver, "O", new(2026, 10, 5), new(2026, 10, 5))), "text/csv"));
        var noEnquiries = await SchoolApi.Problem(await school.Post($"/pupils/{Oliver}/deletion", new { lastDayOnRoll = "2026-11-09", ground }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("records the enquiries the school and the local authority made", noEnquiries["detail"]!.GetValue<string>());
        Assert.Equal(4, (await school.Get("/admission-register")).AsArray().Count); // nothing recorded by the refusals

        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{Oliver}/deletion", enquiries));
        var line = (await school.Get($"/admission-register?upn={Oliver}")).AsArray()[^1]!;
        Assert.Equal(("Deletion", "9(1)(i)"), (line["kind"]!.GetValue<string>(), line["regulation"]!.GetValue<string>()));
        Assert.StartsWith("Home visits 14 and 21 October", line["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_year_3_pupil_cannot_be_deleted_as_over_compulsory_school_age()
    {
        var school = await NewSchool();
        var refused = await SchoolApi.Problem(await Delete(school, Oliver, "2026-11-06", "CompulsorySchoolAgeEnded"), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("is for a pupil in Year 11 or above, whose compulsory school age ends on the last Friday in June; this pupil is in year group 3.", refused["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_deletion_on_a_ground_keeps_the_register_raises_the_deletion_return_and_refuses_marks_after_the_last_day()
    {
        var school = await NewSchool();

        var deleted = await Delete(school, Oliver, "2026-11-06", "RegisteredAtAnotherSchool");

        await SchoolApi.EnsureSuccess(deleted);
        var register = (await school.Get("/admission-register")).AsArray();
        Assert.Equal(5, register.Count); // four admissions by the first roster, then the deletion
        Assert.All(register.Take(4), line => Assert.Equal(("Admission", "2026-09-03"), (line!["kind"]!.GetValue<string>(), line["on"]!.GetValue<string>())));
        var deletion = register[4]!;
        Assert.Equal(("Deletion", "2026-11-06", "RegisteredAtAnotherSchool", "9(1)(a)", "Oliver Jones", "Moved to St Mary's, Leeds"), (
            deletion["kind"]!.GetValue<string>(), deletion["on"]!.GetValue<string>(), deletion["ground"]!.GetValue<string>(), deletion["regulation"]!.GetValue<string>(),
            deletion["legalName"]!.GetValue<string>(), deletion["note"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(deletion["by"]!["name"]!.GetValue<string>()));

        // The last day on roll is a day on roll; the school day after it is not, and the refusal records nothing.
        Assert.Equal(HttpStatusCode.OK, await Mark(school, Oliver, "2026-11-06-PM"));
        var refused = await SchoolApi.Problem(await school.Post($"/pupils/{Oliver}/marks", new { session = "2026-11-09-AM", code = "/" }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:not-on-roll", refused["type"]!.GetValue<string>());
        Assert.Contains("on roll 3 September 2026 to 6 November 2026", refused["detail"]!.GetValue<string>());
        Assert.Empty((await school.Get($"/pupils/{Oliver}/sessions/2026-11-09-AM")).AsArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await school.Post("/arrivals", new { upn = Oliver, arrivedAt = "2026-11-10T08:50:00Z" })).StatusCode);

        // His class's register has a line for him up to his last day only, and this morning's register is complete without him.
        Assert.Contains((await school.Get("/classes/3B/registers/2026-11-06-AM"))["lines"]!.AsArray(), l => l!["upn"]!.GetValue<string>() == Oliver);
        Assert.DoesNotContain((await school.Get("/classes/3B/registers/2026-11-10-AM"))["lines"]!.AsArray(), l => l!["upn"]!.GetValue<string>() == Oliver);
        await SchoolApi.EnsureSuccess(await school.Post("/classes/3B/registers/2026-11-10-AM", new { marks = new[] { new { upn = "T000000000001", code = "/" }, new { upn = "T000000000003", code = "/" } } }));
        Assert.DoesNotContain((await school.Get("/pupils")).AsArray(), p => p!["upn"]!.GetValue<string>() == Oliver);

        // The local authority's deletion return, due no later than the deletion.
        var task = Assert.Single((await school.Get("/tasks?kind=DeletionReturn")).AsArray())!;
        Assert.Equal((Oliver, "2026-11-06T17:00:00+00:00"), (task["upn"]!.GetValue<string>(), task["due"]!.GetValue<DateTimeOffset>().ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("9(1)(a)", task["what"]!.GetValue<string>());

        // The same deletion sent again is the same line; another one is refused, and so is a ground the regulations do not list.
        var again = await Delete(school, Oliver, "2026-11-06", "RegisteredAtAnotherSchool");
        Assert.Equal(JsonNode.Parse(await deleted.Content.ReadAsStringAsync())!["at"]!.GetValue<DateTimeOffset>(), JsonNode.Parse(await again.Content.ReadAsStringAsync())!["at"]!.GetValue<DateTimeOffset>());
        var twice = await SchoolApi.Problem(await Delete(school, Oliver, "2026-11-09", "Died"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:admission-refused", twice["type"]!.GetValue<string>());
        await SchoolApi.Problem(await Delete(school, "T000000000003", "2026-11-06", 99), HttpStatusCode.BadRequest);
        await SchoolApi.Problem(await Delete(school, "T000000000003", "2026-11-06", "OffRolled"), HttpStatusCode.BadRequest);
        Assert.Equal(5, (await school.Get("/admission-register")).AsArray().Count); // nothing added by the resend or the refusals

        // The DfE extract gives his leaving date, and rows only for the days he was on roll.
        var extract = await (await fixture.Server.ClientAs(StaffUser.Of("Mr Jones", "Attendance officer", [StaffRole.AttendanceOfficer], schools: [school.Id]))
            .GetAsync(school.Url("/returns/dfe-attendance.csv?from=2026-11-06&to=2026-11-09"))).Content.ReadAsStringAsync();
        var his = extract.ReplaceLineEndings("\n").Split('\n').Where(l => l.Contains(Oliver, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, his.Count);
        Assert.All(his, row => Assert.Contains(",2026-09-03,2026-11-06,2026-11-06,", row));
    }

    [Fact]
    public async Task A_pupil_joining_the_roll_is_admitted_on_their_entry_date_with_the_new_pupil_return_due_five_days_later()
    {
        var school = await NewSchool();
        const string joining = """
            UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,ClassName,EntryDate
            T000000000005,Zara,Khan,2018-05-05,3,3B,Year 3 Beech,2026-11-11
            T000000000006,Yusuf,Ali,2018-06-06,3,3B,Year 3 Beech,
            """;

        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", joining, "text/csv"));

        var zara = Assert.Single((await school.Get("/admission-register?upn=T000000000005")).AsArray())!;
        Assert.Equal("2026-11-11", zara["on"]!.GetValue<string>());
        Assert.Equal("2026-11-10", Assert.Single((await school.Get("/admission-register?upn=T000000000006")).AsArray())!["on"]!.GetValue<string>()); // no entry date: today
        var returns = (await school.Get("/tasks?kind=NewPupilReturn")).AsArray();
        Assert.Equal(2, returns.Count);
        Assert.All(returns, t => Assert.Equal(new DateTimeOffset(2026, 11, 15, 17, 0, 0, TimeSpan.Zero), t!["due"]!.GetValue<DateTimeOffset>()));

        // Zara starts tomorrow: nothing can be recorded for her today, and today's register does not wait for her.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Mark(school, "T000000000005", "2026-11-10-AM"));
        Assert.Equal(HttpStatusCode.OK, await Mark(school, "T000000000006", "2026-11-10-AM"));
        Assert.DoesNotContain((await school.Get("/classes/3B/registers/2026-11-10-AM"))["lines"]!.AsArray(), l => l!["upn"]!.GetValue<string>() == "T000000000005");

        // The first roster raised no return: those pupils arrived with the school.
        Assert.DoesNotContain(returns, t => t!["upn"]!.GetValue<string>() is "T000000000001" or "T000000000002");

        // Regulation 13(2): joining the youngest class (Year 3 here) on the first day of the year needs no return; Year 4 does.
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", """
            UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,ClassName,EntryDate
            T000000000007,Ava,Green,2018-02-02,3,3B,Year 3 Beech,2026-09-03
            T000000000008,Leo,Hart,2017-02-02,4,4G,Year 4 Glade,2026-09-03
            """, "text/csv"));
        Assert.Equal(new[] { "T000000000005", "T000000000006", "T000000000008" },
            (await school.Get("/tasks?kind=NewPupilReturn")).AsArray().Select(t => t!["upn"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task A_pupil_readmitted_is_on_roll_again_from_the_starting_day_only_and_only_the_office_changes_the_register()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await Delete(school, Oliver, "2026-11-04", "EducatedOtherwiseThanAtSchool"));
        var teacher = fixture.Server.ClientAs(StaffUser.Of("Ms Patel", "Class teacher", [StaffRole.Teacher], schools: [school.Id], groups: ["3B"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.PostAsJsonAsync(school.Url($"/pupils/{Oliver}/admission"), new { startingDay = "2026-11-09" })).StatusCode);

        var early = await SchoolApi.Problem(await school.Post($"/pupils/{Oliver}/admission", new { startingDay = "2026-11-04" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("starts after that day", early["detail"]!.GetValue<string>());
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{Oliver}/admission", new { startingDay = "2026-11-09", note = "Home education ended" }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, await Mark(school, Oliver, "2026-11-06-AM"));
        Assert.Equal(HttpStatusCode.OK, await Mark(school, Oliver, "2026-11-09-AM"));
        var history = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/history", $"UPN,Date,Session,Code\n{Oliver},2026-11-04,PM,/\n{Oliver},2026-11-05,AM,/\n", "text/csv"), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(new[] { "Line 3: pupil 'T000000000002' was not on roll on 2026-11-05 by the admission register (their starting day, or the day after their name was deleted, is the limit)." },
            history["items"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Contains((await school.Get("/pupils")).AsArray(), p => p!["upn"]!.GetValue<string>() == Oliver);
        Assert.Equal(new[] { "Admission", "Deletion", "Admission" }, (await school.Get($"/admission-register?upn={Oliver}")).AsArray().Select(l => l!["kind"]!.GetValue<string>()));
    }
}
