using System.Net;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The server on a PostgreSQL database of its own, so a test can check that nothing was written.</summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = null!;

    public AttendanceServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        Server = new AttendanceServer(ConnectionString);
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every bad input gets a clear problem-details answer and changes nothing: not what the API shows, not a line of the
/// legal register, not a row or version of grain state in PostgreSQL.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class BadInputTests(PostgresServerFixture fixture) : IClassFixture<PostgresServerFixture>
{
    private const string Today = "2026-11-10-AM";

    public static TheoryData<string, string, string, string, HttpStatusCode, string> Cases => new()
    {
        // name, method path, body, content type, status, problem type
        { "malformed JSON", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM", "code": """, "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "wrong type", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM", "code": 7}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "session not a session", "POST /pupils/T000000000001/marks", """{"session": "Tuesday", "code": "/"}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "missing fields", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM"}""", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "a single mark claiming to be a gate arrival", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM", "code": "/", "source": "Gate"}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "a mark with a source number", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM", "code": "/", "source": 99}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "a mark with sources joined", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM", "code": "/", "source": "Office, Gate"}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "a mark with a field it does not have", "POST /pupils/T000000000001/marks", """{"session": "2026-11-10-AM", "code": "/", "recordedBy": "Head"}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "a register as plain text", "POST /classes/3B/registers/2026-11-10-AM", "T000000000001 /", "text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type" },
        { "unknown code", "POST /pupils/T000000000001/marks", Mark("2026-11-10-AM", "H"), "application/json", HttpStatusCode.UnprocessableEntity, "unknown-code" },
        { "unknown pupil", "POST /pupils/T999999999999/marks", Mark("2026-11-10-AM", "/"), "application/json", HttpStatusCode.NotFound, "unknown-pupil" },
        { "pupil of another class in a register", "POST /classes/3B/registers/2026-11-10-AM", """{"marks": [{"upn": "T000000000001", "code": "/"}, {"upn": "T000000000002", "code": "/"}, {"upn": "T000000000003", "code": "/"}, {"upn": "T000000000004", "code": "/"}]}""", "application/json", HttpStatusCode.UnprocessableEntity, "pupil-not-in-class" },
        { "closure day", "POST /pupils/T000000000001/marks", Mark("2026-11-02-AM", "/"), "application/json", HttpStatusCode.UnprocessableEntity, "school-closed" },
        { "weekend", "POST /pupils/T000000000001/marks", Mark("2026-11-07-AM", "/"), "application/json", HttpStatusCode.UnprocessableEntity, "school-closed" },
        { "future session", "POST /pupils/T000000000001/marks", Mark("2026-11-11-AM", "/"), "application/json", HttpStatusCode.UnprocessableEntity, "future-session" },
        { "this afternoon at 09:10", "POST /pupils/T000000000001/marks", Mark("2026-11-10-PM", "/"), "application/json", HttpStatusCode.UnprocessableEntity, "future-session" },
        { "register for an unknown class", "POST /classes/9Z/registers/2026-11-10-AM", """{"marks": []}""", "application/json", HttpStatusCode.NotFound, "unknown-class" },
        { "bad session in URL", "POST /classes/3B/registers/2026-13-45-AM", """{"marks": []}""", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "incomplete register", "POST /classes/3B/registers/2026-11-10-AM", """{"marks": [{"upn": "T000000000001", "code": "/"}]}""", "application/json", HttpStatusCode.UnprocessableEntity, "register-incomplete" },
        { "amendment of an unmarked session", "POST /pupils/T000000000001/amendments", """{"session": "2026-11-10-AM", "code": "I", "reason": "Ill"}""", "application/json", HttpStatusCode.UnprocessableEntity, "not-marked" },
        { "amendment without a reason", "POST /pupils/T000000000001/amendments", """{"session": "2026-11-10-AM", "code": "I"}""", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "arrival of an unknown pupil", "POST /arrivals", """{"upn": "T999999999999"}""", "application/json", HttpStatusCode.NotFound, "unknown-pupil" },
        { "csv with a bad row", "POST /roster", "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\nT000000000008,Ann,Lee,2018-01-01,3,3B\nT000000000009,Bo,Lee,01/02/2018,3,3B\n", "text/csv", HttpStatusCode.BadRequest, "invalid-roster" },
        { "csv without required columns", "POST /roster", "UPN,Name\nT000000000008,Ann\n", "text/csv", HttpStatusCode.BadRequest, "invalid-roster" },
        { "roster row in an unknown class", "POST /roster", "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\nT000000000008,Ann,Lee,2018-01-01,3,3B\nT00000000009,Bo,Lee,2018-01-01,3,3B\n", "text/csv", HttpStatusCode.UnprocessableEntity, "invalid-roster" },
        { "roster as plain text", "POST /roster", "hello", "text/plain", HttpStatusCode.UnsupportedMediaType, "unsupported-media-type" },
        { "settings with overlapping terms", "PUT ", """{"name": "X", "calendar": {"terms": [{"name": "A", "start": "2026-09-01", "end": "2026-12-01"}, {"name": "B", "start": "2026-11-01", "end": "2027-01-01"}]}, "sessionTimes": {"am": {"opens": "08:40:00", "lateAfter": "09:00:00", "closes": "09:30:00"}, "pm": {"opens": "13:00:00", "lateAfter": "13:00:00", "closes": "13:30:00"}}}""", "application/json", HttpStatusCode.UnprocessableEntity, "invalid-settings" },
        { "policy with overlapping bands", "PUT /policy", """{"bands": [{"name": "Good", "colour": "#00703c", "minimumPercent": 95, "action": "Praise"}, {"name": "Bad", "colour": "#d4351c", "minimumPercent": 96, "action": "Meet"}], "stages": []}""", "application/json", HttpStatusCode.UnprocessableEntity, "invalid-policy" },
        { "policy with a threshold over 100%", "PUT /policy", """{"bands": [{"name": "All", "colour": "#00703c", "minimumPercent": 0, "action": "Watch"}], "stages": [], "persistentAbsencePercent": 150}""", "application/json", HttpStatusCode.UnprocessableEntity, "invalid-policy" },
        { "policy as malformed JSON", "PUT /policy", """{"bands": [""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "acknowledging an unknown alert", "POST /alerts/T000000000002-Band-9/acknowledge", """{}""", "application/json", HttpStatusCode.NotFound, "unknown-alert" },
        { "alerts of an unknown kind", "GET /alerts?kind=Nonsense", "", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "alerts of a kind number", "GET /alerts?kind=99", "", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "a call on an unknown task", "POST /tasks/call-T000000000002-2026-11-10/calls", """{"outcome": "NoAnswer"}""", "application/json", HttpStatusCode.NotFound, "unknown-task" },
        { "a call without an outcome", "POST /tasks/call-T000000000002-2026-11-10/calls", """{}""", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "a call with an unknown outcome", "POST /tasks/call-T000000000002-2026-11-10/calls", """{"outcome": "Shouted"}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "a call with an outcome number", "POST /tasks/call-T000000000002-2026-11-10/calls", """{"outcome": 1}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "a call with outcomes joined", "POST /tasks/call-T000000000002-2026-11-10/calls", """{"outcome": "NoAnswer, MessageLeft"}""", "application/json", HttpStatusCode.BadRequest, "malformed-request" },
        { "closing an unknown task", "POST /tasks/visit-x/done", """{"outcome": "Visited"}""", "application/json", HttpStatusCode.NotFound, "unknown-task" },
        { "tasks of an unknown kind", "GET /tasks?kind=Nonsense", "", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "tasks of kinds joined", "GET /tasks?kind=FirstDayCall,HomeVisit", "", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "an oversized body", "POST /pupils/T000000000001/marks", $$"""{"session": "{{Today}}", "code": "/", "padding": "{{new string('x', 1_100_000)}}"}""", "application/json", HttpStatusCode.RequestEntityTooLarge, "body-too-large" },
        { "an oversized roster", "POST /roster", new string('x', 10 * 1024 * 1024 + 1), "text/csv", HttpStatusCode.RequestEntityTooLarge, "body-too-large" },
        { "a roster CSV with bad rows", "POST /roster", "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup,SEND\nT000000000001,Amelia,Smith,2018-03-01,3,3B,N\nT000000000009,Zed,Bad,31/02/2018,3,3B,N\nT000000000002,Oliver,Jones,2018-04-02,3,3B,maybe\n", "text/csv", HttpStatusCode.BadRequest, "invalid-roster" },
        { "an export for an unknown range", "GET /register.csv?from=2026-11-10&to=2026-11-01", "", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
        { "a history of a session that is not one", "GET /pupils/T000000000001/sessions/yesterday/history", "", "application/json", HttpStatusCode.BadRequest, "invalid-request" },
    };

    private static string Mark(string session, string code) =>
        $$$"""{"session": "{{{session}}}", "code": "{{{code}}}"}""";

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_refused_with_a_problem_and_changes_nothing(string name, string request, string body, string contentType, HttpStatusCode status, string problemType)
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000002/marks", new { session = Today, code = "N" }));
        var before = await State(school);

        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1]);
        var response = await school.Send(new HttpMethod(method), path, body, contentType);

        var problem = await SchoolApi.Problem(response, status);
        if (problemType.StartsWith("https:", StringComparison.Ordinal))
        {
            Assert.Equal(problemType, problem["type"]!.GetValue<string>()); // refused by ASP.NET Core routing itself
        }
        else
        {
            Assert.Equal($"urn:attendance:problem:{problemType}", problem["type"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), name);
        }

        if (name == "a roster CSV with bad rows")
        {
            Assert.Equal(["Line 3: DateOfBirth '31/02/2018' is not a date in the form 2019-04-30.", "Line 4: SEND 'maybe' should be Y, N, true, false or empty."],
                problem["items"]!.AsArray().Select(i => i!.GetValue<string>()));
        }

        Assert.Equal(before, await State(school));
    }

    private async Task<string> State(SchoolApi school) =>
        await school.Snapshot(Today) + await school.Get("/classes") + await school.Get("") + await school.Get("/policy") + await school.Get("/alerts?all=true") + await school.Get("/tasks?all=true")
        + await Database.Fingerprint(fixture.ConnectionString);

    [Fact]
    public async Task A_duplicate_register_submission_is_a_conflict_and_changes_nothing()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "/", "N"));
        var before = await school.Snapshot(Today);

        var problem = await SchoolApi.Problem(await school.SubmitRegister(Today, "/", "/", "/"), HttpStatusCode.Conflict);

        Assert.Equal("urn:attendance:problem:register-already-submitted", problem["type"]!.GetValue<string>());
        Assert.Equal(before, await school.Snapshot(Today));
    }

    [Fact]
    public async Task An_Idempotency_Key_reused_with_other_marks_is_refused_and_changes_nothing()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        async Task<HttpResponseMessage> Submit(params string[] codes)
        {
            var body = System.Text.Json.JsonSerializer.Serialize(new { marks = codes.Select((code, i) => new { upn = $"T00000000000{i + 1}", code }) });
            var request = new HttpRequestMessage(HttpMethod.Post, school.Url($"/classes/3B/registers/{Today}")) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", "device-1");
            return await fixture.Server.CreateClient().SendAsync(request);
        }

        await SchoolApi.EnsureSuccess(await Submit("/", "N", "/"));
        await SchoolApi.EnsureSuccess(await Submit("/", "n", "/")); // the same register sent again: applied once
        var before = await State(school);

        var problem = await SchoolApi.Problem(await Submit("/", "/", "/"), HttpStatusCode.UnprocessableEntity);

        Assert.Equal("urn:attendance:problem:idempotency-key-reused", problem["type"]!.GetValue<string>());
        Assert.Contains("device-1", problem["detail"]!.GetValue<string>());
        Assert.Equal(before, await State(school));
    }

    [Fact]
    public async Task A_different_mark_for_a_marked_session_is_a_conflict_naming_the_pupil()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = Today, code = "/" }));
        var before = await school.Snapshot(Today);

        var response = await school.Post("/pupils/T000000000001/marks", new { session = Today, code = "O" });

        var problem = await SchoolApi.Problem(response, HttpStatusCode.Conflict);
        Assert.Equal("T000000000001", problem["items"]![0]!.GetValue<string>());
        Assert.Equal(before, await school.Snapshot(Today));
    }

    [Fact]
    public async Task Resending_the_same_mark_is_accepted_and_records_nothing_new()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        var mark = new { session = Today, code = "/" };
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", mark));
        var before = await school.Snapshot(Today);

        var again = await school.Post("/pupils/T000000000001/marks", mark);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"unchanged\":1", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await school.Snapshot(Today));
    }

    [Fact]
    public async Task Requests_for_a_school_that_does_not_exist_are_not_found()
    {
        var client = fixture.Server.CreateClient();
        foreach (var path in new[] { "/api/schools/nowhere", "/api/schools/nowhere/status", "/api/schools/nowhere/classes", "/api/schools/nowhere/pupils/T000000000001" })
        {
            var problem = await SchoolApi.Problem(await client.GetAsync(path), HttpStatusCode.NotFound);
            Assert.Contains("nowhere", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_pupil_of_another_school_is_not_found_at_this_school()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var client = fixture.Server.CreateClient();
        var mine = await new SchoolApi(client).CreateAsync();
        var other = new SchoolApi(client);
        await SchoolApi.EnsureSuccess(await other.Send(HttpMethod.Put, "", SchoolApi.Settings));
        await SchoolApi.EnsureSuccess(await other.Send(HttpMethod.Post, "/roster", "UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\nT000000000077,Ann,Lee,2018-01-01,3,3B\n", "text/csv"));

        var response = await mine.Post("/pupils/T000000000077/marks", new { session = Today, code = "/" });

        await SchoolApi.Problem(response, HttpStatusCode.NotFound);
        Assert.Empty((await other.Get($"/pupils/T000000000077/sessions/{Today}")).AsArray());
    }
}
