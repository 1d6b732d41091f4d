using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Domain;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Lessons over HTTP: the timetable's import (JSON and CSV files, with a preview), a lesson register taken by whoever
/// teaches it that day, the truancy alert pushed to the lead's hub, and who is where now.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class LessonApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private static readonly DateTimeOffset Tuesday = new(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);

    private async Task<SchoolApi> School()
    {
        fixture.Server.Clock.Now = Tuesday;
        return await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithTimetable();
    }

    private HttpClient Teacher(SchoolApi school, string staffCode, string name = "Mr Khan") =>
        fixture.Server.ClientAs(TestUsers.SubjectTeacher(school.Id, staffCode, name));

    private static object Marks(params (string Upn, string Presence, int? Minutes)[] marks) =>
        new { marks = marks.Select(m => new { upn = m.Upn, presence = m.Presence, minutesLate = m.Minutes }) };

    private static readonly object MathsRegister = Marks(("T000000000001", "Absent", null), ("T000000000002", "Present", null), ("T000000000003", "Late", 7));

    [Fact]
    public async Task A_timetable_is_previewed_refused_with_every_problem_and_imported()
    {
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        var bad = JsonNode.Parse(SchoolApi.Timetable)!;
        bad["lessons"]![1]!["period"] = "P9";
        bad["groups"]![2]!["pupils"]!.AsArray().Add("T999999999999");
        var refused = await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/timetable", bad.ToJsonString()), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:invalid-timetable", (string)refused["type"]!);
        Assert.Contains("Lesson 'en' is in period 'P9', which is not in the timetable's periods.", refused["items"]!.AsArray().Select(i => (string)i!));
        var unreadable = await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/timetable", """{ "periods": [ { "id": "P1", "starts": 9 } ] }"""), HttpStatusCode.BadRequest);
        Assert.Equal("urn:attendance:problem:invalid-timetable", (string)unreadable["type"]!);
        await SchoolApi.Problem(await fixture.Server.CreateClient().GetAsync(school.Url("/timetable")), HttpStatusCode.NotFound); // nothing was imported

        var preview = JsonNode.Parse(await (await school.Send(HttpMethod.Put, "/timetable?dryRun=true", SchoolApi.Timetable)).Content.ReadAsStringAsync())!;
        Assert.Equal((2, 3, 3, 4), ((int)preview["periods"]!, (int)preview["groups"]!, (int)preview["lessons"]!, (int)preview["pupils"]!));
        Assert.Equal(["en", "ga", "ma"], preview["lessonsAdded"]!.AsArray().Select(i => (string)i!));
        await SchoolApi.Problem(await fixture.Server.CreateClient().GetAsync(school.Url("/timetable")), HttpStatusCode.NotFound); // a preview imports nothing

        await school.WithTimetable();
        Assert.Equal(3, (await school.Get("/timetable"))["lessons"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_timetable_of_csv_files_is_imported_and_a_bad_line_is_named_by_file_and_line()
    {
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        MultipartFormDataContent Files(string lessons)
        {
            var form = new MultipartFormDataContent();
            foreach (var (name, csv) in new[]
            {
                ("periods", "Period,Name,Starts,Ends\nP1,Period 1,09:40,10:40\nP2,Period 2,10:40,11:40\n"),
                ("lessons", lessons),
                ("groups", "Group,Name,Subject,UPN\n3-Ma,Year 3 Maths,Maths,T000000000001\n3-Ma,Year 3 Maths,Maths,T000000000002\n"),
            })
            {
                form.Add(new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), name, $"{name}.csv");
            }

            return form;
        }

        var http = fixture.Server.CreateClient();
        var refused = await SchoolApi.Problem(
            await http.PutAsync(school.Url("/timetable"), Files("Group,Week,Day,Period,Teacher,Room\n3-Ma,1,Tuesday,P1,KHA,S12\n3-Ma,1,Tuesday|Friday,P2,KHA,S12\n")),
            HttpStatusCode.BadRequest);
        Assert.Equal(["lessons.csv line 3: Week '1' must be 1 or 2 and Day 'Tuesday|Friday' a weekday's name (e.g. Monday)."], refused["items"]!.AsArray().Select(i => (string)i!));

        await SchoolApi.EnsureSuccess(await http.PutAsync(school.Url("/timetable"), Files("Group,Week,Day,Period,Teacher,Room\n3-Ma,1,Tuesday,P1,KHA,S12\n3-Ma,1,Friday,P2,KHA,S12\n")));
        var lessons = (await school.Get("/lessons?date=2026-11-10"))["lessons"]!.AsArray();
        Assert.Equal("3-Ma-1-Tue-P1", (string)Assert.Single(lessons)!["lesson"]!["lessonId"]!);
    }

    [Fact]
    public async Task Only_the_teacher_of_a_lesson_that_day_takes_its_register_and_cover_moves_it_to_the_covering_teacher()
    {
        var school = await School();
        fixture.Server.Clock.Now = Tuesday.AddMinutes(35); // 09:45, period 1
        var url = school.Url("/lessons/2026-11-10/ma/register");
        await SchoolApi.Problem(await Teacher(school, "BRO", "Ms Brown").PostAsJsonAsync(url, MathsRegister), HttpStatusCode.Forbidden);

        var taken = await Teacher(school, "KHA").PostAsJsonAsync(url, MathsRegister);
        await SchoolApi.EnsureSuccess(taken);
        var register = JsonNode.Parse(await taken.Content.ReadAsStringAsync())!;
        Assert.Equal(("Submitted", "Mr Khan"), ((string)register["state"]!, (string)register["takenBy"]!["name"]!));
        Assert.Equal(7, (int)register["lines"]!.AsArray().Single(l => (string)l!["upn"]! == "T000000000003")!["mark"]!["minutesLate"]!);

        // Mr Khan is off on Tuesday afternoon's English cover... the office moves English to Mr Khan for the day.
        await SchoolApi.EnsureSuccess(await school.Post("/lessons/2026-11-10/en/change", new { teacher = "KHA", reason = "Ms Brown at a meeting" }));
        var mine = (await Teacher(school, "KHA").GetFromJsonAsync<JsonNode>(school.Url("/lessons")))!["lessons"]!.AsArray();
        Assert.Equal(["ma", "en"], mine.Select(l => (string)l!["lesson"]!["lessonId"]!));
        Assert.True((bool)mine[1]!["lesson"]!["covered"]!);
        Assert.Empty((await Teacher(school, "BRO", "Ms Brown").GetFromJsonAsync<JsonNode>(school.Url("/lessons")))!["lessons"]!.AsArray());
        await SchoolApi.Problem(await Teacher(school, "BRO", "Ms Brown").GetAsync(school.Url("/lessons/2026-11-10/en")), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Teacher(school, "KHA").GetAsync(school.Url("/lessons/2026-11-10/en"))).StatusCode);
    }

    [Fact]
    public async Task A_lesson_register_sent_twice_with_one_key_is_taken_once_and_bad_input_changes_nothing()
    {
        var school = await School();
        fixture.Server.Clock.Now = Tuesday.AddMinutes(35);
        var khan = Teacher(school, "KHA");
        var url = school.Url("/lessons/2026-11-10/ma/register");
        foreach (var (body, field) in new (object Body, string Problem)[]
        {
            (new { marks = new[] { new { upn = "T000000000001", presence = "3" } } }, "presence"),
            (new { marks = new[] { new { upn = "T000000000001", presence = "Present, Late" } } }, "presence"),
            (new { marks = new[] { new { upn = "T000000000001", presence = "Present", teacher = "me" } } }, "teacher"),
        })
        {
            await SchoolApi.Problem(await khan.PostAsJsonAsync(url, body), HttpStatusCode.BadRequest);
        }

        var late = await SchoolApi.Problem(await khan.PostAsJsonAsync(url, Marks(("T000000000001", "Late", 60), ("T000000000002", "Present", null), ("T000000000003", "Present", null))),
            HttpStatusCode.BadRequest);
        Assert.Equal("Pupil T000000000001 is marked 60 minutes late to a 60-minute lesson: mark them absent instead.", (string)late["detail"]!);
        await SchoolApi.Problem(await school.Post("/lessons/2026-13-10/ma/register", MathsRegister), HttpStatusCode.BadRequest); // the office: a teacher's access is checked first
        Assert.Equal("NotStarted", (string)(await school.Get("/lessons/2026-11-10/ma"))["register"]!["state"]!);

        HttpRequestMessage Keyed(object body) => new(HttpMethod.Post, url) { Content = JsonContent.Create(body), Headers = { { "Idempotency-Key", "tablet-1" } } };
        await SchoolApi.EnsureSuccess(await khan.SendAsync(Keyed(MathsRegister)));
        await SchoolApi.EnsureSuccess(await khan.SendAsync(Keyed(MathsRegister)));
        var reused = await SchoolApi.Problem(await khan.SendAsync(Keyed(Marks(("T000000000001", "Present", null), ("T000000000002", "Present", null), ("T000000000003", "Present", null)))),
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:idempotency-key-reused", (string)reused["type"]!);
        var lines = (await school.Get("/lessons/2026-11-10/ma"))["register"]!["lines"]!.AsArray();
        Assert.All(lines, l => Assert.False((bool)l!["changed"]!));
        Assert.Equal("Absent", (string)lines.Single(l => (string)l!["upn"]! == "T000000000001")!["mark"]!["presence"]!);
    }

    [Fact]
    public async Task The_lead_is_alerted_live_when_a_pupil_in_school_misses_a_lesson_and_the_office_sees_who_is_unaccounted_for()
    {
        var school = await School();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "/"));
        await using var lead = await DashboardClient.ConnectAsync(fixture.Server, TestUsers.Lead(school.Id));
        await lead.SubscribeAlerts(school.Id);

        fixture.Server.Clock.Now = Tuesday.AddMinutes(35);
        await SchoolApi.EnsureSuccess(await Teacher(school, "KHA").PostAsJsonAsync(school.Url("/lessons/2026-11-10/ma/register"), MathsRegister));

        var alert = await lead.NextAlert();
        Assert.Equal(("T000000000001-2026-11-10-AM-truancy", CrossingKind.PostRegistrationTruancy), (alert.Id, alert.Kind));
        Assert.Equal("Millie Smith (3B) was registered in school (/) but is missing from Period 1 Maths (Year 3 Maths), KHA in S12. Last seen: registration (AM).", alert.Summary);

        fixture.Server.Clock.Now = Tuesday.AddMinutes(45); // 09:55
        var now = await school.Get("/lessons/now");
        Assert.Equal("P1", (string)now["period"]!["id"]!);
        var unaccounted = Assert.Single(now["unaccounted"]!.AsArray())!;
        Assert.Equal(("T000000000001", "Millie Smith", "S12"), ((string)unaccounted["upn"]!, (string)unaccounted["name"]!, (string)unaccounted["room"]!));
        var games = now["lessons"]!.AsArray().Single(l => (string)l!["status"]!["lesson"]!["lessonId"]! == "ga")!;
        Assert.True((bool)games["overdue"]!); // not taken 15 minutes in
        var where = await school.Get("/pupils/T000000000001/where");
        Assert.Equal(("ma", "Absent"), ((string)where["lesson"]!["lessonId"]!, (string)where["mark"]!["presence"]!));
        await SchoolApi.Problem(await fixture.Server.CreateClient().GetAsync(school.Url("/lessons/now?at=9.55")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_lesson_report_counts_a_range_by_subject_period_or_pupil_and_hides_small_groups_outside_the_school()
    {
        var school = await School();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "/"));
        fixture.Server.Clock.Now = Tuesday.AddMinutes(35);
        await SchoolApi.EnsureSuccess(await Teacher(school, "KHA").PostAsJsonAsync(school.Url("/lessons/2026-11-10/ma/register"), MathsRegister));

        var bySubject = await school.Get("/lessons/report?from=2026-11-09&to=2026-11-10");
        var maths = Assert.Single(bySubject["lines"]!.AsArray())!;
        Assert.Equal(("Maths", 3, 3, 1, 1, 1, 1, 66.7m), ((string)maths["key"]!, (int)maths["pupils"]!, (int)maths["marks"]!, (int)maths["present"]!,
            (int)maths["late"]!, (int)maths["absent"]!, (int)maths["truancy"]!, (decimal)maths["attendancePercent"]!));
        Assert.Equal("Tuesday Period 1", (string)(await school.Get("/lessons/report?from=2026-11-09&to=2026-11-10&by=period&day=Tuesday"))["lines"]![0]!["key"]!);
        Assert.Empty((await school.Get("/lessons/report?from=2026-11-09&to=2026-11-10&by=period&day=Friday"))["lines"]!.AsArray());
        Assert.Equal(["Isla Patel (T000000000003)", "Millie Smith (T000000000001)", "Oliver Jones (T000000000002)"],
            (await school.Get("/lessons/report?from=2026-11-09&to=2026-11-10&by=pupil"))["lines"]!.AsArray().Select(l => (string)l!["key"]!));
        Assert.Empty((await school.Get("/lessons/report?from=2026-11-11&to=2026-11-12"))["lines"]!.AsArray());

        var trust = await fixture.Server.ClientAs(TestUsers.Trust).GetFromJsonAsync<JsonNode>(school.Url("/lessons/report?from=2026-11-09&to=2026-11-10"));
        var hidden = Assert.Single(trust!["lines"]!.AsArray())!;
        Assert.True((bool)hidden["suppressed"]!);
        Assert.Null(hidden["marks"]);

        var chart = await fixture.Server.CreateClient().GetAsync(school.Url("/lessons/report.svg?from=2026-11-09&to=2026-11-10&width=390"));
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType?.MediaType);
        Assert.Contains(">66.7%<", await chart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var bad in new[] { "?from=2026-11-10", "?from=2026-11-10&to=2026-11-09", "?from=2026-11-09&to=2026-11-10&by=colour", "?from=2026-11-09&to=2026-11-10&day=5" })
        {
            await SchoolApi.Problem(await fixture.Server.CreateClient().GetAsync(school.Url($"/lessons/report{bad}")), HttpStatusCode.BadRequest);
        }
    }
}
