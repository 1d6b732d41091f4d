using System.Net;
using Attendance.Testing;

namespace Attendance.Server.Tests;

public sealed class ServerFixture : IDisposable
{
    public AttendanceServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}

[Trait(TestCategory.Name, TestCategory.Fast)]
public class RegisterApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private const string Today = "2026-11-10-AM";

    private async Task<SchoolApi> NewSchool()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        return await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
    }

    [Fact]
    public async Task A_pupil_moved_to_another_class_is_marked_in_the_new_class_though_this_server_remembered_the_old_one()
    {
        var school = await NewSchool();
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = "2026-11-09-PM", code = "\\" }));

        var moved = SchoolApi.RosterCsv.Replace("T000000000001,Amelia,Smith,Millie,2018-03-01,3,3B,Year 3 Beech", "T000000000001,Amelia,Smith,Millie,2018-03-01,3,4G,Year 4 Glade");
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", moved, "text/csv"));
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:50:00Z" }));

        var glade = (await school.Get($"/classes/4G/registers/{Today}"))["lines"]!.AsArray();
        Assert.Equal("/", glade.Single(p => p!["upn"]!.GetValue<string>() == "T000000000001")!["mark"]!["code"]!.GetValue<string>());
        Assert.DoesNotContain((await school.Get($"/classes/3B/registers/{Today}"))["lines"]!.AsArray(), p => p!["upn"]!.GetValue<string>() == "T000000000001");

        await SchoolApi.Problem(await school.Post("/pupils/T999999999999/marks", new { session = Today, code = "/" }), HttpStatusCode.NotFound);
        await SchoolApi.Problem(await new SchoolApiFor(fixture.Server.CreateClient(), "no-such-school").Post("/pupils/T000000000001/marks", new { session = Today, code = "/" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_server_listens_on_a_real_socket_and_is_healthy()
    {
        var client = fixture.Server.CreateClient();
        Assert.Equal(IPAddress.Loopback.ToString(), client.BaseAddress!.Host);

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = System.Text.Json.Nodes.JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", report["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["silo"]!["status"]!.GetValue<string>());
        Assert.Null(report["checks"]!["postgres"]); // in-memory: no database to check

        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/schools/{schoolId}/classes/{classId}/registers/{session}", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walkthrough_take_a_register_amend_a_mark_and_read_the_summary()
    {
        var school = await NewSchool();

        var submitted = await school.SubmitRegister(Today, "/", "L", "N");
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);

        var register = await school.Get($"/classes/3B/registers/{Today}");
        Assert.Equal("Submitted", register["state"]!.GetValue<string>());
        var lines = register["lines"]!.AsArray();
        Assert.Equal(["Oliver Jones", "Isla Patel", "Millie Smith"], lines.Select(l => l!["name"]!.GetValue<string>())); // by surname
        Assert.Equal(["L", "N", "/"], lines.Select(l => l!["mark"]!["code"]!.GetValue<string>()));
        Assert.Equal(1, register["counts"]!["reasonNotYetEstablished"]!.GetValue<int>());

        var amended = await school.Post("/pupils/T000000000003/amendments", new
        {
            session = Today,
            code = "I",
            reason = "Mother phoned: sickness bug",
        });
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);

        var summary = await school.Get("/pupils/T000000000003");
        Assert.Equal(1, summary["attendance"]!["authorisedAbsence"]!.GetValue<int>());
        Assert.Equal(0, summary["attendance"]!["unauthorisedAbsence"]!.GetValue<int>());
        Assert.Equal("I", summary["todaysMarks"]![0]!["code"]!.GetValue<string>());
        Assert.True(summary["pupil"]!["flags"]!["hasSocialWorker"]!.GetValue<bool>());

        var history = (await school.Get($"/pupils/T000000000003/sessions/{Today}")).AsArray();
        Assert.Equal(["N", "I"], history.Select(e => e!["code"]!.GetValue<string>()));
        Assert.Equal("Attendance officer", history[1]!["recordedBy"]!["position"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_gate_arrival_after_the_late_time_is_marked_late()
    {
        var school = await NewSchool();

        var response = await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T09:12:00Z" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = await school.Get("/pupils/T000000000004");
        Assert.Equal("L", summary["todaysMarks"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("Gate", summary["todaysMarks"]![0]!["source"]!.GetValue<string>());
        var status = await school.Get("/status");
        Assert.Equal(1, status["totals"]!["late"]!.GetValue<int>());
    }

    [Fact]
    public async Task Importing_the_csv_again_updates_without_duplicating()
    {
        var school = await NewSchool();

        var again = await school.Send(HttpMethod.Post, "/roster", SchoolApi.RosterCsv.Replace("Millie", "Mia", StringComparison.Ordinal), "text/csv");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var result = System.Text.Json.Nodes.JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Equal((0, 1), (result["pupilsAdded"]!.GetValue<int>(), result["pupilsUpdated"]!.GetValue<int>()));
        var classes = (await school.Get("/classes")).AsArray();
        Assert.Equal(["3B", "4G"], classes.Select(c => c!["id"]!.GetValue<string>()));
        Assert.Equal(3, (await school.Get($"/classes/3B/registers/{Today}"))["lines"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_roster_in_json_is_imported()
    {
        var school = await NewSchool();
        var roster = """
            {"classes":[{"id":"5K","name":"Year 5 Kestrel","phase":"KS2"}],
             "pupils":[{"upn":"T000000000009","legalForename":"Leo","legalSurname":"Khan","dateOfBirth":"2016-02-02",
                        "yearGroup":"5","registrationGroup":"5K","contacts":[{"name":"Ana Khan","relationship":"Mother","phone":"07700 900009"}]}]}
            """;

        var response = await school.Send(HttpMethod.Post, "/roster", roster);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Leo Khan", (await school.Get("/pupils/T000000000009"))["pupil"]!["displayName"]!.GetValue<string>());
    }
}
