using System.Net;
using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Two schools and a provision, for the access tests.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public AttendanceServer Server { get; } = new();

    public SchoolApi SchoolA { get; private set; } = null!;

    public SchoolApi SchoolB { get; private set; } = null!;

    public string ProvisionId { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        SchoolA = await (await new SchoolApi(Server.CreateClient()).CreateAsync()).WithTimetable();
        SchoolB = await new SchoolApi(Server.CreateClient()).CreateAsync();
        ProvisionId = await ProvisionApi.CreateWithGuestAsync(Server.CreateClient(), SchoolA.Id);
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every endpoint against every role: allowed means the request gets past access (its answer may still be a 400 for
/// the empty body sent, which changes nothing); forbidden is a 403 problem; nobody signed in is a 401.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class AccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    // The roles, by letter: T teacher of 3B at school A, t teacher of 4G at A, O office of A, L attendance lead of A,
    // S senior leader of A, R trust leader, P staff of the provision, B office of school B, H head of year of A's 3B. T
    // also teaches the lesson "ma" (staff code KHA); t teaches no lesson.
    private const string Everyone = "TtOLSRPBH";

    public static TheoryData<string, string, string> Matrix => new()
    {
        // method and path ({A} school A, {P} the provision), roles allowed
        { "GET", "/api/schools/{A}", "TtOLSRH" },
        { "GET", "/api/schools/{A}/classes", "TtOLSRH" },
        { "PUT", "/api/schools/{A}", "OR" },
        { "POST", "/api/schools/{A}/roster", "OR" },
        { "POST", "/api/schools/{A}/roster?dryRun=true", "OR" },
        { "POST", "/api/schools/{A}/history", "OR" },
        { "POST", "/api/schools/{A}/history?dryRun=true", "OR" },
        { "GET", "/api/me", Everyone },
        { "GET", "/metrics", "R" },
        { "GET", "/api/schools/{A}/registers/today", "TtOLSRH" },
        { "GET", "/api/schools/{A}/classes/3B/registers/2026-11-10-AM/sheet", "TOLSRH" },
        { "GET", "/api/schools/{A}/classes/4G/registers/2026-11-10-AM/sheet", "tOLSR" },
        { "GET", "/api/schools/{A}/pupils", "OLSR" },
        { "GET", "/api/schools/{A}/pupils/T000000000001/year", "TOLSRH" },
        { "GET", "/api/schools/{A}/status", "OLSR" },
        { "GET", "/api/schools/{A}/policy", "OLSR" },
        { "PUT", "/api/schools/{A}/policy", "LSR" },
        { "DELETE", "/api/schools/{A}/policy", "LSR" },
        { "GET", "/api/policy", Everyone },
        { "PUT", "/api/policy", "R" },
        { "GET", "/api/schools/{A}/classes/3B/registers/2026-11-10-AM", "TOLSRH" },
        { "GET", "/api/schools/{A}/classes/4G/registers/2026-11-10-AM", "tOLSR" },
        { "POST", "/api/schools/{A}/classes/3B/registers/2026-11-10-AM", "TO" },
        { "POST", "/api/schools/{A}/pupils/T000000000001/marks", "TO" },
        { "POST", "/api/schools/{A}/pupils/T000000000004/marks", "tO" },
        { "POST", "/api/schools/{A}/pupils/T000000000001/amendments", "OL" },
        { "POST", "/api/schools/{A}/arrivals", "O" },
        { "GET", "/api/schools/{A}/pupils/T000000000001", "TOLSRH" },
        { "GET", "/api/schools/{A}/pupils/T000000000001/sessions/2026-11-10-AM", "TOLSRH" },
        { "GET", "/api/schools/{A}/pupils/T000000000001/sessions/2026-11-10-AM/history", "TOLSRH" },
        { "GET", "/api/schools/{A}/pupils/T000000000001/subject-access.zip", "OR" },
        { "DELETE", "/api/schools/{A}/parent-accounts/nobody@example.org", "OR" },
        { "GET", "/api/schools/{A}/register.csv?from=2026-11-09&to=2026-11-10", "OLSR" },
        { "GET", "/api/schools/{A}/alerts", "LSRH" }, // H: their forms' alerts only (AlertApiTests)
        { "GET", "/api/schools/{A}/alerts/T000000000001-Band-1", "LSR" },
        { "POST", "/api/schools/{A}/alerts/T000000000001-Band-1/acknowledge", "LSR" },
        { "POST", "/api/schools/{A}/alerts/T000000000001-Band-1/decision", "LSR" },
        { "GET", "/api/schools/{A}/absence-reports/x/evidence/y", "OL" }, // a parent's own upload: EvidenceApiTests
        { "POST", "/api/family/children/{A}/T000000000001/absences/x/evidence", "" }, // parents only
        { "POST", "/api/schools/{A}/contact-changes/x/decision", "OR" },
        { "POST", "/api/family/children/{A}/T000000000001/contact-details", "" }, // parents only (FamilyApiTests)
        { "GET", "/api/schools/{A}/analytics/period?from=2026-11-02&to=2026-11-10", "OLSR" },
        { "GET", "/api/schools/{A}/analytics/period.csv?from=2026-11-02&to=2026-11-10", "OLSR" },
        { "POST", "/api/schools/{A}/letters/batch/preview", "OLSR" },
        { "POST", "/api/schools/{A}/messages/batch", "OLSR" },
        { "GET", "/api/schools/{A}/letters/lists", "OLSR" },
        { "PUT", "/api/schools/{A}/letters/lists/x", "OLSR" },
        { "DELETE", "/api/schools/{A}/letters/lists/x", "OLSR" },
        { "GET", "/api/schools/{A}/analytics/governors.pdf?from=2026-11-02&to=2026-11-10", "OLSR" },
        { "GET", "/api/schools/{A}/pupils/T000000000001/casework", "OLSR" },
        { "POST", "/api/schools/{A}/pupils/T000000000001/case-log", "OLSR" },
        { "POST", "/api/schools/{A}/pupils/T000000000001/case-log/x/outcome", "OLSR" },
        { "POST", "/api/schools/{A}/pupils/T000000000001/action-plans/x/signatures", "OLSR" },
        { "GET", "/api/schools/{A}/penalty-notices", "OLSR" },
        { "GET", "/api/schools/{A}/penalty-notices/x", "OLSR" },
        { "POST", "/api/schools/{A}/penalty-notices/x/steps", "OLSR" }, // a request: the head only (PenaltyNoticeApiTests)
        { "GET", "/api/schools/{A}/penalty-notices/x/evidence-pack.pdf", "OLSR" },
        { "GET", "/api/schools/{A}/site", "OLSR" },
        { "GET", "/api/schools/{A}/sign-outs", "OLSR" },
        { "POST", "/api/schools/{A}/sign-outs", "O" },
        { "POST", "/api/schools/{A}/sign-ins", "O" },
        { "GET", "/api/schools/{A}/roll-calls", "OLSR" },
        { "POST", "/api/schools/{A}/roll-calls", "OS" },
        { "GET", "/api/schools/{A}/roll-calls/current", "TtOLSRH" }, // T, t, H: their groups' pupils only (RollCallApiTests)
        { "GET", "/api/schools/{A}/roll-calls/x", "TtOLSRH" },
        { "PUT", "/api/schools/{A}/roll-calls/x/pupils/T000000000001", "TOLSRH" },
        { "DELETE", "/api/schools/{A}/roll-calls/x/pupils/T000000000004", "tOLSR" },
        { "POST", "/api/schools/{A}/roll-calls/x/end", "OS" },
        { "GET", "/api/schools/{A}/duty", "LSR" }, // H: their forms' alerts only, not the school's duty
        { "PUT", "/api/schools/{A}/duty", "LSR" },
        { "DELETE", "/api/schools/{A}/duty?endpoint=x", "LSR" },
        { "GET", "/api/schools/{A}/tasks", "OLSR" },
        { "POST", "/api/schools/{A}/tasks/call-x/calls", "OLSR" },
        { "POST", "/api/schools/{A}/tasks/call-x/done", "OLSR" },
        { "PUT", "/api/provisions/{P}", "PR" },
        { "PUT", "/api/schools/{A}/pupils/T000000000001/placement", "OLR" },
        { "GET", "/api/provisions/{P}", "PR" },
        { "GET", "/api/provisions/{P}/day", "PR" },
        { "GET", "/api/provisions/{P}/guests", "PR" },
        { "GET", "/api/provisions/{P}/guests/T000000000001", "PR" },
        { "POST", "/api/provisions/{P}/arrivals", "PR" },
        { "POST", "/api/provisions/{P}/absences", "PR" },
        { "GET", "/api/provisions/{P}/tasks", "PR" },
        { "POST", "/api/provisions/{P}/tasks/call-x/calls", "PR" },
        { "GET", "/api/schools/{A}/family-requests", "OLSR" },
        { "POST", "/api/schools/{A}/absence-reports/report-x/answer", "OL" },
        { "POST", "/api/schools/{A}/leave-requests/leave-x/decision", "S" },
        { "GET", "/api/schools/{A}/messages", "OLSR" },
        { "POST", "/api/schools/{A}/messages/first-day-x/retry", "OLSR" },
        { "PUT", "/api/schools/{A}/timetable", "OR" },
        { "PUT", "/api/schools/{A}/timetable?dryRun=true", "OR" },
        { "GET", "/api/schools/{A}/timetable", "OLSR" },
        { "GET", "/api/schools/{A}/lessons", "TtOLSRH" }, // H: none (no lesson of theirs)
        { "GET", "/api/schools/{A}/lessons/now", "OLSR" },
        { "GET", "/api/schools/{A}/lessons/report?from=2026-11-09&to=2026-11-10", "OLSR" },
        { "GET", "/api/schools/{A}/lessons/report.svg?from=2026-11-09&to=2026-11-10", "OLSR" },
        { "GET", "/api/schools/{A}/lessons/2026-11-10/ma", "TOLSR" },
        { "GET", "/api/schools/{A}/lessons/2026-11-10/ga", "OLSR" },
        { "POST", "/api/schools/{A}/lessons/2026-11-10/ma/register", "TO" },
        { "POST", "/api/schools/{A}/lessons/2026-11-10/ga/register", "O" },
        { "POST", "/api/schools/{A}/lessons/2026-11-10/ma/change", "OR" },
        { "GET", "/api/schools/{A}/pupils/T000000000001/where", "TOLSRH" },
        { "GET", "/api/family", "" }, // parents only (FamilyApiTests)
        { "POST", "/api/family/children/{A}/T000000000001/absences", "" },
        { "POST", "/api/family/children/{A}/T000000000001/leave", "" },
        { "GET", "/api/family/devices", "" }, // parents only (TextAndPushTests)
        { "PUT", "/api/family/devices", "" },
        { "DELETE", "/api/family/devices?endpoint=x", "" },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_may_use_an_endpoint_only_as_the_matrix_says(string method, string path, string allowed)
    {
        var url = path.Replace("{A}", fixture.SchoolA.Id).Replace("{P}", fixture.ProvisionId);
        foreach (var role in Everyone)
        {
            var response = await Send(fixture.Server.ClientAs(User(role)), method, url);
            if (allowed.Contains(role))
            {
                Assert.False(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{Name(role)} should be allowed {method} {path}: {(int)response.StatusCode}");
            }
            else
            {
                var problem = await SchoolApi.Problem(response, HttpStatusCode.Forbidden);
                Assert.NotNull(problem["title"]);
            }
        }

        await SchoolApi.Problem(await Send(fixture.Server.CreateDefaultClient(), method, url), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_school_list_shows_staff_their_own_schools_and_trust_leaders_every_school()
    {
        async Task<List<string>> Listed(StaffUser user) =>
            [.. System.Text.Json.Nodes.JsonNode.Parse(await fixture.Server.ClientAs(user).GetStringAsync("/api/schools"))!.AsArray().Select(s => (string)s!["schoolId"]!)];

        Assert.Equal([fixture.SchoolA.Id], await Listed(User('O')));
        Assert.Equal([fixture.SchoolB.Id], await Listed(User('B')));
        Assert.Empty(await Listed(User('P')));
        Assert.Superset(new HashSet<string> { fixture.SchoolA.Id, fixture.SchoolB.Id }, (await Listed(User('R'))).ToHashSet());
    }

    [Fact]
    public async Task The_national_codes_health_and_the_pages_need_no_sign_in()
    {
        var anonymous = fixture.Server.CreateDefaultClient();
        foreach (var path in new[] { "/api/codes", "/health", "/", "/provision.html", "/register.html", "/office.html", "/pupil.html", "/js/auth.js", "/sw.js", "/manifest.webmanifest" })
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_refused()
    {
        var forged = fixture.Server.CreateDefaultClient();
        var token = fixture.Server.TokenFor(User('R'));
        forged.DefaultRequestHeaders.Authorization = new("Bearer", token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"));
        await SchoolApi.Problem(await forged.GetAsync("/api/policy"), HttpStatusCode.Unauthorized);
    }

    private StaffUser User(char role) => role switch
    {
        'T' => TestUsers.Teacher(fixture.SchoolA.Id, "3B") with { StaffCode = "KHA" }, // and teaches maths (lesson "ma")
        't' => TestUsers.Teacher(fixture.SchoolA.Id, "4G"),
        'O' => TestUsers.Officer(fixture.SchoolA.Id),
        'L' => TestUsers.Lead(fixture.SchoolA.Id),
        'S' => TestUsers.Senior(fixture.SchoolA.Id),
        'R' => TestUsers.Trust,
        'P' => TestUsers.ProvisionStaff(fixture.ProvisionId),
        'H' => TestUsers.HeadOfYear(fixture.SchoolA.Id, "3B"),
        _ => TestUsers.Officer(fixture.SchoolB.Id),
    };

    private static string Name(char role) => role switch
    {
        'T' => "teacher of 3B", 't' => "teacher of 4G", 'O' => "office", 'L' => "lead", 'S' => "senior leader",
        'R' => "trust leader", 'P' => "provision staff", 'H' => "head of year of 3B", _ => "office of school B",
    };

    /// <summary>An empty JSON body: past access, every endpoint refuses it or has nothing to change.</summary>
    private static Task<HttpResponseMessage> Send(HttpClient client, string method, string url) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        });
}

/// <summary>The hub with real users: subscriptions are refused outside a user's scope, and events stay in their school.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class HubAccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    [Fact]
    public async Task A_teacher_of_school_A_cannot_join_school_B_and_never_receives_its_events()
    {
        var schoolA = fixture.SchoolA;
        var schoolB = fixture.SchoolB;
        await using var teacherA = await DashboardClient.ConnectAsync(fixture.Server, TestUsers.Teacher(schoolA.Id, "3B"));
        await using var officeB = await DashboardClient.ConnectAsync(fixture.Server, TestUsers.Officer(schoolB.Id));

        foreach (var refused in new Func<Task>[]
        {
            () => teacherA.Subscribe(schoolB.Id),
            () => teacherA.Subscribe(schoolB.Id, "3B"),
            () => teacherA.Subscribe(schoolA.Id),
            () => teacherA.Subscribe(schoolA.Id, "4G"),
            () => teacherA.Resume(schoolB.Id, "any", 0),
            () => teacherA.SubscribeAlerts(schoolA.Id),
            () => teacherA.SubscribeTasks(schoolB.Id),
            () => teacherA.SubscribeTrustAlerts(),
        })
        {
            var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(refused);
            Assert.Contains("HubException: Forbidden: your role does not give you", error.Message);
        }

        await teacherA.Subscribe(schoolA.Id, "3B");
        await officeB.Subscribe(schoolB.Id);

        // A mark at school B reaches B's office (so it was published) and nothing reaches the teacher at A.
        await SchoolApi.EnsureSuccess(await schoolB.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:50:00Z" }));
        Assert.Equal(schoolB.Id, (await officeB.NextDelta()).SchoolId);

        // Then one at A's own class: the teacher's next delta is that one, so B's never arrived before it.
        await SchoolApi.EnsureSuccess(await schoolA.Post("/arrivals", new { upn = "T000000000002", arrivedAt = "2026-11-10T08:51:00Z" }));
        var delta = await teacherA.NextDelta();
        Assert.Equal(schoolA.Id, delta.SchoolId);
        Assert.All(delta.Classes, c => Assert.Equal("3B", c.ClassId));
        Assert.Empty(teacherA.DeltasReceived());
    }

    [Fact]
    public async Task Nobody_signed_in_cannot_connect_to_the_hub()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DashboardClient.ConnectWithoutSignInAsync(fixture.Server));
        Assert.Contains("401", error.Message);
    }
}
