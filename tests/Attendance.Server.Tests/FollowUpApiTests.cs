using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>A server whose follow-up reminders fire every second, so tests see them raise tasks by themselves.</summary>
public sealed class FollowUpServerFixture : IDisposable
{
    public AttendanceServer Server { get; } = new(followUpEvery: TimeSpan.FromSeconds(1));

    public void Dispose() => Server.Dispose();
}

[Trait(TestCategory.Name, TestCategory.Fast)]
public class FollowUpApiTests(FollowUpServerFixture fixture) : IClassFixture<FollowUpServerFixture>
{
    private const string Today = "2026-11-10-AM";

    private readonly HttpClient http = fixture.Server.CreateClient();

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 10, hour, minute, 0, TimeSpan.Zero);

    /// <summary>A school whose morning register left Oliver and Isla N, at 09:30 when it closes: the tasks asked for, once at least <paramref name="count"/> are raised.</summary>
    private async Task<(SchoolApi School, JsonArray Tasks)> WhenTheRegisterCloses(string tasks, int count)
    {
        fixture.Server.Clock.Now = At(9, 10);
        var school = await new SchoolApi(http).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "N", "N"));
        fixture.Server.Clock.Now = At(9, 30);
        return (school, (await Eventually.Until(() => school.Get(tasks), t => t.AsArray().Count >= count)).AsArray());
    }

    private async Task<JsonNode> Get(string url) => JsonNode.Parse(await http.GetStringAsync(url))!;

    [Fact]
    public async Task A_provision_user_gets_the_call_at_09_45_and_the_referring_school_sees_the_absence_and_the_reason()
    {
        fixture.Server.Clock.Now = At(9, 0);
        var school = await new SchoolApi(http).CreateAsync();
        var provisionId = await ProvisionApi.CreateWithGuestAsync(http, school.Id);
        var provision = $"/api/provisions/{provisionId}";
        await using var staff = await DashboardClient.ConnectAsync(fixture.Server);
        await using var lead = await DashboardClient.ConnectAsync(fixture.Server);
        Assert.Empty(await staff.SubscribeTasks(provisionId));
        await lead.SubscribeAlerts(school.Id);

        // The reminder (every second here) finds the guest missing once the clock reaches 09:45.
        fixture.Server.Clock.Now = At(9, 45);
        var call = await staff.NextTask();

        Assert.Equal((FollowUpKind.CallParent, "T000000000001", At(9, 45)), (call.Kind, call.Upn, call.Due));
        Assert.Equal(["Jo Smith", "Sam Smith"], call.Contacts.Select(c => c.Name));
        var atSchool = await Eventually.Until(() => school.Get($"/pupils/T000000000001/sessions/{Today}"), h => h.AsArray().Count > 0);
        Assert.Equal(("N", "Provision"), (atSchool[0]!["code"]!.GetValue<string>(), atSchool[0]!["source"]!.GetValue<string>()));

        var answered = await http.PostAsJsonAsync($"{provision}/tasks/{call.Id}/calls",
            new { outcome = "ReasonGiven", code = "I", note = "Tummy bug since last night" });
        await SchoolApi.EnsureSuccess(answered);

        var alert = await lead.NextAlert();
        Assert.Equal(CrossingKind.GuestAbsent, alert.Kind);
        Assert.Contains("Tummy bug since last night", alert.Summary);
        Assert.False((await staff.NextTask()).IsOpen);
        var day = await Get($"{provision}/day?date=2026-11-10");
        Assert.Equal("I", day["lines"]![0]!["mark"]!["code"]!.GetValue<string>());
        var view = await Get($"{provision}/guests/T000000000001");
        Assert.Equal(1, view["provisionSessionsMissed"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_first_day_call_list_appears_when_the_register_closes_and_a_call_amends_the_mark()
    {
        fixture.Server.Clock.Now = At(9, 10);
        var school = await new SchoolApi(http).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "N", "N"));
        await using var office = await DashboardClient.ConnectAsync(fixture.Server);
        Assert.Empty(await office.SubscribeTasks(school.Id));

        fixture.Server.Clock.Now = At(9, 30);
        await office.NextTask();
        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Count >= 5);

        // Oliver (N), Isla (N, social worker: also tell the DSL, and a day-1 visit as she is vulnerable), Noah (4G has no register yet).
        var kinds = tasks.AsArray().Select(t => $"{t!["kind"]} {t["upn"]}").Order().ToList();
        Assert.Equal(
            ["FirstDayCall T000000000002", "FirstDayCall T000000000003", "FirstDayCall T000000000004", "HomeVisit T000000000003", "TellSocialWorker T000000000003"],
            kinds);

        var id = tasks.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "FirstDayCall" && t["upn"]!.GetValue<string>() == "T000000000002")!["id"]!.GetValue<string>();
        var noAnswer = await (await school.Post($"/tasks/{id}/calls", new { outcome = "NoAnswer" })).Content.ReadFromJsonAsync<JsonNode>();
        Assert.Null(noAnswer!["contactToCall"]); // Oliver has one contact: everyone was tried
        await SchoolApi.EnsureSuccess(await school.Post($"/tasks/{id}/calls", new { outcome = "ReasonGiven", code = "M", note = "Dentist, mum rang back" }));

        var history = await school.Get($"/pupils/T000000000002/sessions/{Today}");
        Assert.Equal(["N", "M"], history.AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.Equal("Call back from home: Dentist, mum rang back", history[1]!["amendmentReason"]!.GetValue<string>());
        var closed = await school.Get($"/tasks/{id}");
        Assert.Equal("Mr Jones", closed["closed"]!["by"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_call_changes_the_register_only_by_those_who_amend_marks_only_with_an_absence_code_and_only_over_the_N()
    {
        var (school, tasks) = await WhenTheRegisterCloses("/tasks?kind=FirstDayCall", 2);
        string Call(string upn) => tasks.Single(t => t!["upn"]!.GetValue<string>() == upn)!["id"]!.GetValue<string>();
        using var head = fixture.Server.ClientAs(TestUsers.Senior(school.Id));
        using var office = fixture.Server.ClientAs(TestUsers.Officer(school.Id));
        async Task<string> Codes(string upn) => string.Join(" ", (await school.Get($"/pupils/{upn}/sessions/{Today}")).AsArray().Select(e => e!["code"]!.GetValue<string>()));

        // The head takes calls but does not amend marks: a reason given is refused, a message left is recorded.
        var byHead = await head.PostAsJsonAsync(school.Url($"/tasks/{Call("T000000000002")}/calls"), new { outcome = "ReasonGiven", code = "I" });
        Assert.Equal("urn:attendance:problem:forbidden", (await SchoolApi.Problem(byHead, System.Net.HttpStatusCode.Forbidden))["type"]!.GetValue<string>());
        await SchoolApi.EnsureSuccess(await head.PostAsJsonAsync(school.Url($"/tasks/{Call("T000000000002")}/calls"), new { outcome = "MessageLeft", note = "Mum says ill" }));

        // The office: a present code is not a reason for absence.
        var present = await office.PostAsJsonAsync(school.Url($"/tasks/{Call("T000000000002")}/calls"), new { outcome = "ReasonGiven", code = "/" });
        Assert.Contains("not a code for a reason for absence", (await SchoolApi.Problem(present, System.Net.HttpStatusCode.UnprocessableEntity))["detail"]!.GetValue<string>());
        Assert.Equal("N", await Codes("T000000000002"));

        // Isla came in late after the call list was made: her mark stays, whatever a call then says.
        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000003", arrivedAt = "2026-11-10T09:31:00Z" }));
        var cameIn = await Codes("T000000000003");
        var afterArrival = await office.PostAsJsonAsync(school.Url($"/tasks/{Call("T000000000003")}/calls"), new { outcome = "ReasonGiven", code = "I" });
        await SchoolApi.Problem(afterArrival, System.Net.HttpStatusCode.Conflict);
        Assert.Equal(cameIn, await Codes("T000000000003"));

        await SchoolApi.EnsureSuccess(await office.PostAsJsonAsync(school.Url($"/tasks/{Call("T000000000002")}/calls"), new { outcome = "ReasonGiven", code = "I" }));
        Assert.Equal("N I", await Codes("T000000000002"));
    }

    [Fact]
    public async Task Tasks_still_open_after_their_due_time_show_in_the_metrics_as_overdue_for_the_school()
    {
        var (school, tasks) = await WhenTheRegisterCloses("/tasks", 5);
        var scraper = fixture.Server.ClientAs(TestUsers.Trust);

        // Before noon (no afternoon register has closed, so no new tasks): overdue is whatever was due before it.
        foreach (var now in new[] { At(9, 30), At(11, 59) })
        {
            fixture.Server.Clock.Now = now;
            var expected = tasks.Count(t => t!["due"]!.GetValue<DateTimeOffset>() < now);

            // The exporter caches a scrape for 300 ms: read until the value is the one expected, or fail with the last.
            var metrics = await Eventually.Until(() => scraper.GetStringAsync("/metrics"), text => Overdue(text) == expected);
            Assert.Equal(expected, Overdue(metrics));
        }

        Assert.True(tasks.Count(t => t!["due"]!.GetValue<DateTimeOffset>() < At(11, 59)) > tasks.Count(t => t!["due"]!.GetValue<DateTimeOffset>() < At(9, 30)));

        int? Overdue(string text) =>
            System.Text.RegularExpressions.Regex.Match(text, $$"""attendance_tasks_overdue\{[^}]*owner="{{school.Id}}"[^}]*\} (\d+)""") is { Success: true } m
                ? int.Parse(m.Groups[1].Value)
                : null;
    }

    [Fact]
    public async Task Registers_past_their_late_time_and_not_submitted_show_in_the_metrics_until_they_are()
    {
        fixture.Server.Clock.Now = At(8, 50);
        var school = await new SchoolApi(http).CreateAsync();
        var scraper = fixture.Server.ClientAs(Attendance.Server.Tests.TestUsers.Trust);
        var gauge = new System.Text.RegularExpressions.Regex($"attendance_registers_not_submitted\\{{[^}}]*school=\"{school.Id}\"[^}}]*\\}} (\\d+)");
        async Task<int?> Outstanding(int expected)
        {
            var text = await Eventually.Until(() => scraper.GetStringAsync("/metrics"), t => gauge.Match(t) is { Success: true } m && m.Groups[1].Value == $"{expected}");
            return gauge.Match(text) is { Success: true } found ? int.Parse(found.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        Assert.Equal(0, await Outstanding(0)); // before the late time (09:00) none is late
        fixture.Server.Clock.Now = At(9, 0);    // exactly the late time: both classes' registers are due
        Assert.Equal(2, await Outstanding(2));
        await SchoolApi.EnsureSuccess(await school.SubmitRegister(Today, "/", "/", "/"));
        Assert.Equal(1, await Outstanding(1)); // 4G's is still outstanding
    }
}
