using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Signing pupils out early and back in, and who is on site now, through the API. The test school's registers:
/// AM 08:40, late after 09:00, closed at 09:30; PM 13:00, closed at 13:30 (GMT in November).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class SiteApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly AttendanceServer server = fixture.Server;

    private const string Am = "2026-11-10-AM";
    private const string Pm = "2026-11-10-PM";

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 10, hour, minute, 0, TimeSpan.Zero);

    /// <summary>A school whose 3B register was taken at 09:05: Amelia and Oliver present, Isla N; 4G not taken yet.</summary>
    private async Task<SchoolApi> Morning()
    {
        server.Clock.Now = At(9, 5);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Am, "/", "/", "N"));
        return school;
    }

    private static object Appointment(string upn) => new { upn, reason = "Appointment", details = "dentist", collectedBy = "Jo Smith, mother" };

    [Fact]
    public async Task A_pupil_signed_out_for_an_appointment_misses_the_afternoon_as_M_and_signed_back_in_before_it_is_present_with_the_M_kept()
    {
        var school = await Morning();
        server.Clock.Now = At(10, 30);
        var signedOut = await Json(await school.Post("/sign-outs", Appointment("T000000000001")));
        Assert.Equal("M", (string?)signedOut["code"]);
        Assert.Equal([Pm], signedOut["sessions"]!.AsArray().Select(s => (string)s!));

        // The morning was registered: present. The afternoon is coded now, with when and who collected her.
        Assert.Equal("/", (string?)(await school.Get($"/pupils/T000000000001/sessions/{Am}")).AsArray().Single()!["code"]);
        var afternoon = (await school.Get($"/pupils/T000000000001/sessions/{Pm}")).AsArray().Single()!;
        Assert.Equal(("M", "SignOut"), ((string?)afternoon["code"], (string?)afternoon["source"]));
        Assert.Equal("Signed out at 10:30 (appointment: dentist), collected by Jo Smith, mother", (string?)afternoon["note"]);

        var site = Pupils(await school.Get("/site"));
        Assert.Equal("SignedOut", (string?)site["T000000000001"]["presence"]);
        Assert.Equal("Jo Smith, mother", (string?)site["T000000000001"]["signedOut"]!["collectedBy"]);
        Assert.Equal("OnSite", (string?)site["T000000000002"]["presence"]);
        Assert.Equal("NotOnSite", (string?)site["T000000000003"]["presence"]);
        Assert.Equal("NotRegisteredYet", (string?)site["T000000000004"]["presence"]);

        var again = await SchoolApi.Problem(await school.Post("/sign-outs", Appointment("T000000000001")), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:already-signed-out", (string?)again["type"]);

        server.Clock.Now = At(12, 40);
        var back = await Json(await school.Post("/sign-ins", new { upn = "T000000000001" }));
        Assert.Equal([Pm], back["back"]!["amended"]!.AsArray().Select(s => (string)s!));

        // Back before the afternoon register opened: present, the M kept as the original.
        var history = (await school.Get($"/pupils/T000000000001/sessions/{Pm}")).AsArray();
        Assert.Equal(["M", "\\"], history.Select(e => (string)e!["code"]!));
        Assert.Equal("Signed back in at 12:40", (string?)history[1]!["amendmentReason"]);
        Assert.Equal("OnSite", (string?)Pupils(await school.Get("/site"))["T000000000001"]["presence"]);

        var notOut = await SchoolApi.Problem(await school.Post("/sign-ins", new { upn = "T000000000001" }), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:not-signed-out", (string?)notOut["type"]);

        var book = (await school.Get("/sign-outs?date=2026-11-10")).AsArray().Single()!;
        Assert.Equal("Jo Smith, mother", (string?)book["collectedBy"]);
        Assert.NotNull(book["back"]);
    }

    [Fact]
    public async Task Signed_out_back_in_and_out_again_before_the_afternoon_the_afternoon_is_coded_again_with_every_change_kept()
    {
        var school = await Morning();
        server.Clock.Now = At(10, 30);
        await Json(await school.Post("/sign-outs", Appointment("T000000000001")));
        server.Clock.Now = At(11, 45);
        await Json(await school.Post("/sign-ins", new { upn = "T000000000001" }));

        // Back at 11:45 the afternoon became present; she leaves again at 12:10, before its register: never registered.
        server.Clock.Now = At(12, 10);
        var again = await Json(await school.Post("/sign-outs", new { upn = "T000000000001", reason = "Illness", collectedBy = "Jo Smith, mother" }));
        Assert.Equal([Pm], again["sessions"]!.AsArray().Select(s => (string)s!));
        var history = (await school.Get($"/pupils/T000000000001/sessions/{Pm}")).AsArray();
        Assert.Equal(["M", "\\", "I"], history.Select(e => (string)e!["code"]!));
        Assert.Equal("Signed out at 12:10 (illness), collected by Jo Smith, mother", (string?)history[2]!["amendmentReason"]);
        Assert.Equal(2, (await school.Get("/sign-outs")).AsArray().Count);
        Assert.Equal("SignedOut", (string?)Pupils(await school.Get("/site"))["T000000000001"]["presence"]);
    }

    [Fact]
    public async Task Back_after_the_register_closed_the_pupil_is_on_site_and_the_code_stands()
    {
        var school = await Morning();
        server.Clock.Now = At(11, 0);
        await Json(await school.Post("/sign-outs", new { upn = "T000000000002", reason = "Illness", collectedBy = "Kim Jones, father" }));

        server.Clock.Now = At(13, 31);
        var back = await Json(await school.Post("/sign-ins", new { upn = "T000000000002" }));
        Assert.Empty(back["back"]!["amended"]!.AsArray());
        Assert.Equal(["I"], (await school.Get($"/pupils/T000000000002/sessions/{Pm}")).AsArray().Select(e => (string)e!["code"]!));
        Assert.Equal("OnSite", (string?)Pupils(await school.Get("/site"))["T000000000002"]["presence"]);
    }

    [Fact]
    public async Task A_sign_out_after_the_afternoon_register_codes_nothing_and_needs_no_code_even_for_another_reason()
    {
        var school = await Morning();
        server.Clock.Now = At(13, 5);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Pm, "\\", "\\", "N"));

        server.Clock.Now = At(14, 15);
        var signedOut = await Json(await school.Post("/sign-outs", new { upn = "T000000000001", reason = "Other", details = "family funeral", collectedBy = "Sam Smith, grandparent" }));
        Assert.Empty(signedOut["sessions"]!.AsArray());
        Assert.Null(signedOut["code"]);
        Assert.Equal(["\\"], (await school.Get($"/pupils/T000000000001/sessions/{Pm}")).AsArray().Select(e => (string)e!["code"]!));
    }

    [Theory]
    [InlineData("""{ "upn": "T000000000001", "reason": "Appointment" }""", HttpStatusCode.BadRequest, "invalid-request", "collectedBy")]
    [InlineData("""{ "upn": "T000000000001", "reason": "Appointment", "collectedBy": "Jo Smith", "code": "N" }""", HttpStatusCode.UnprocessableEntity, "unknown-code", "code")]
    [InlineData("""{ "upn": "T000000000001", "reason": "Appointment", "collectedBy": "Jo Smith", "code": "/" }""", HttpStatusCode.UnprocessableEntity, "unknown-code", "code")]
    [InlineData("""{ "upn": "T000000000001", "reason": "Other", "collectedBy": "Jo Smith" }""", HttpStatusCode.BadRequest, "invalid-request", "code")]
    [InlineData("""{ "upn": "T000000000001", "reason": 7, "collectedBy": "Jo Smith" }""", HttpStatusCode.BadRequest, "malformed-request", null)] // a number: never a reason
    [InlineData("""{ "upn": "T000000000001", "reason": "Holiday", "collectedBy": "Jo Smith" }""", HttpStatusCode.BadRequest, "malformed-request", null)]
    [InlineData("""{ "upn": "T999999999999", "reason": "Illness", "collectedBy": "Jo Smith" }""", HttpStatusCode.NotFound, "unknown-pupil", null)]
    public async Task A_bad_sign_out_is_refused_with_what_to_put_right_and_changes_nothing(string body, HttpStatusCode status, string type, string? item)
    {
        var school = await Morning();
        server.Clock.Now = At(10, 30);
        var before = await school.Snapshot(Pm);

        var problem = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/sign-outs", body), status);
        Assert.Equal($"urn:attendance:problem:{type}", (string?)problem["type"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        if (item is not null)
        {
            Assert.Contains(item, problem["items"]!.AsArray().Select(i => (string)i!));
        }

        Assert.Equal(before, await school.Snapshot(Pm));
        Assert.Empty((await school.Get("/sign-outs")).AsArray());
    }

    [Fact]
    public async Task A_teacher_may_not_sign_a_pupil_out_nor_read_who_is_on_site()
    {
        var school = await Morning();
        var teacher = new SchoolApiFor(server.ClientAs(TestUsers.Teacher(school.Id, "3B")), school.Id);
        await SchoolApi.Problem(await teacher.Post("/sign-outs", Appointment("T000000000001")), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await teacher.Post("/sign-ins", new { upn = "T000000000001" }), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await server.ClientAs(TestUsers.Teacher(school.Id, "3B")).GetAsync(school.Url("/site")), HttpStatusCode.Forbidden);
        Assert.Empty((await school.Get("/sign-outs")).AsArray());
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        await SchoolApi.EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static Dictionary<string, JsonNode> Pupils(JsonNode site) =>
        site["pupils"]!.AsArray().ToDictionary(p => (string)p!["upn"]!, p => p!);
}
