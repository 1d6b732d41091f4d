using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>An emergency roll call through the API, each member of staff's phone connected to the hub over a real socket.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class RollCallApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private readonly AttendanceServer server = fixture.Server;

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 10, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_office_starts_a_roll_call_each_teacher_ticks_off_their_own_pupils_and_the_office_sees_each_tick_live()
    {
        // 3B registered at 09:05 (Amelia and Oliver present, Isla N); 4G's register not taken; Oliver sent home ill.
        server.Clock.Now = At(9, 5);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "N"));
        server.Clock.Now = At(10, 0);
        await SchoolApi.EnsureSuccess(await school.Post("/sign-outs", new { upn = "T000000000002", reason = "Illness", collectedBy = "Kim Jones, father" }));

        var officer = TestUsers.Officer(school.Id);
        var beech = TestUsers.Teacher(school.Id, "3B");
        var glade = TestUsers.Teacher(school.Id, "4G") with { Name = "Mr Evans" };
        await using var office = await DashboardClient.ConnectAsync(server, officer);
        await using var gladePhone = await DashboardClient.ConnectAsync(server, glade);
        Assert.Null(await office.SubscribeRollCall(school.Id));
        Assert.Null(await gladePhone.SubscribeRollCall(school.Id));

        server.Clock.Now = At(10, 12);
        var officeApi = new SchoolApiFor(server.ClientAs(officer), school.Id);
        var started = await Json(await officeApi.Post("/roll-calls", new { }));
        var id = (string)started["id"]!;

        // Everyone who may be in: Amelia (present) and Noah (no mark yet); not Isla (absent) nor Oliver (signed out).
        var lines = started["lines"]!.AsArray();
        Assert.Equal(["T000000000001", "T000000000004"], lines.Select(l => (string)l!["upn"]!));
        Assert.Null(lines[0]!["note"]);
        Assert.StartsWith("No mark yet today", (string?)lines[1]!["note"]);
        var begun = await office.NextRollCall();
        Assert.Equal((id, false, null), (begun.RollCallId, begun.Ended, begun.Line));
        Assert.Equal(id, (await gladePhone.NextRollCall()).RollCallId);

        // A second tap (the head, at the same moment) starts nothing new.
        var head = new SchoolApiFor(server.ClientAs(TestUsers.Senior(school.Id)), school.Id);
        Assert.Equal(id, (string?)(await Json(await head.Post("/roll-calls", new { })))["id"]);

        // Each teacher sees their own pupils only, and may tick off no other.
        var beechApi = new SchoolApiFor(server.ClientAs(beech), school.Id);
        Assert.Equal(["T000000000001"], (await beechApi.Get("/roll-calls/current"))["current"]!["lines"]!.AsArray().Select(l => (string)l!["upn"]!));
        Assert.False((bool)(await beechApi.Get("/roll-calls/current"))["mayStart"]!);
        Assert.Equal(["T000000000004"], (await gladePhone.SubscribeRollCall(school.Id))!.Lines.Select(l => l.Upn));
        Assert.Equal(["T000000000001"], (await beechApi.Get($"/roll-calls/{id}"))["lines"]!.AsArray().Select(l => (string)l!["upn"]!));
        await using var headOfYear4 = await DashboardClient.ConnectAsync(server, TestUsers.HeadOfYear(school.Id, "4G"));
        Assert.Equal(["T000000000004"], (await headOfYear4.SubscribeRollCall(school.Id))!.Lines.Select(l => l.Upn));
        await SchoolApi.Problem(await server.ClientAs(beech).PutAsync(school.Url($"/roll-calls/{id}/pupils/T000000000004"), null), HttpStatusCode.Forbidden);

        var ticked = await Json(await server.ClientAs(beech).PutAsync(school.Url($"/roll-calls/{id}/pupils/T000000000001"), null));
        Assert.Equal("Ms Patel", (string?)ticked["accountedBy"]!["name"]);
        var seen = await office.NextRollCall();
        Assert.Equal(("T000000000001", "Ms Patel"), (seen.Line!.Upn, seen.Line.AccountedBy!.Name));

        // Glade's teacher is told of their pupil, not of 3B's.
        await SchoolApi.EnsureSuccess(await server.ClientAs(glade).PutAsync(school.Url($"/roll-calls/{id}/pupils/T000000000004"), null));
        Assert.Equal("T000000000004", (await gladePhone.NextRollCall()).Line!.Upn);
        Assert.Equal("T000000000004", (await office.NextRollCall()).Line!.Upn);

        // Isla was not expected: the office is told why she is not on the list.
        var notOnIt = await SchoolApi.Problem(await server.ClientAs(officer).PutAsync(school.Url($"/roll-calls/{id}/pupils/T000000000003"), null), HttpStatusCode.NotFound);
        Assert.Equal("urn:attendance:problem:unknown-pupil", (string?)notOnIt["type"]);

        // Tapped by mistake: undone, and the office sees the pupil missing again.
        await SchoolApi.EnsureSuccess(await server.ClientAs(glade).DeleteAsync(school.Url($"/roll-calls/{id}/pupils/T000000000004")));
        Assert.False((await office.NextRollCall()).Line!.Accounted);
        Assert.False((await gladePhone.NextRollCall()).Line!.Accounted);

        server.Clock.Now = At(10, 25);
        await SchoolApi.Problem(await server.ClientAs(beech).PostAsync(school.Url($"/roll-calls/{id}/end"), null), HttpStatusCode.Forbidden);
        var ended = await Json(await officeApi.Post($"/roll-calls/{id}/end", new { }));
        Assert.Equal("Mr Jones", (string?)ended["endedBy"]!["name"]);
        Assert.True((await gladePhone.NextRollCall()).Ended);

        // Kept as it stood: no more ticks, and the record says who was still missing.
        var late = await SchoolApi.Problem(await server.ClientAs(glade).PutAsync(school.Url($"/roll-calls/{id}/pupils/T000000000004"), null), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:roll-call-ended", (string?)late["type"]);
        Assert.Null((await school.Get("/roll-calls/current"))["current"]);
        var held = (await school.Get("/roll-calls")).AsArray().Single()!;
        Assert.Equal((2, 1), ((int)held["expected"]!, (int)held["accounted"]!));
        var record = (await school.Get($"/roll-calls/{id}"))["lines"]!.AsArray();
        Assert.Equal([true, false], record.Select(l => l!["accountedBy"] is not null));
    }

    [Fact]
    public async Task A_roll_call_on_a_day_the_school_is_closed_is_refused_and_an_unknown_one_is_not_found()
    {
        server.Clock.Now = new DateTimeOffset(2026, 11, 14, 10, 0, 0, TimeSpan.Zero); // a Saturday
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var closed = await SchoolApi.Problem(await school.Post("/roll-calls", new { }), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:school-closed", (string?)closed["type"]);
        Assert.Empty((await school.Get("/roll-calls")).AsArray());

        var unknown = await SchoolApi.Problem(await server.CreateClient().GetAsync(school.Url("/roll-calls/rollcall-000000000000")), HttpStatusCode.NotFound);
        Assert.Equal("urn:attendance:problem:unknown-roll-call", (string?)unknown["type"]);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response)
    {
        await SchoolApi.EnsureSuccess(response);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }
}
