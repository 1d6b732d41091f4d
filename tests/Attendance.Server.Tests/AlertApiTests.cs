using System.Net;
using System.Net.Http.Json;
using Attendance.Grains.Abstractions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Alerts end to end: policy over HTTP, a crossing from a mark, the lead's SignalR push, the inbox API.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class AlertApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private async Task<SchoolApi> SchoolWithLowThreshold()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        return await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
    }

    [Fact]
    public async Task The_schools_lead_receives_the_alert_and_another_schools_lead_does_not()
    {
        var school = await SchoolWithLowThreshold();
        var other = await SchoolWithLowThreshold();
        await using var lead = await DashboardClient.ConnectAsync(fixture.Server);
        await using var otherLead = await DashboardClient.ConnectAsync(fixture.Server);
        await using var teacherDashboard = await DashboardClient.ConnectAsync(fixture.Server);
        Assert.Empty(await lead.SubscribeAlerts(school.Id));
        await otherLead.SubscribeAlerts(other.Id);
        await teacherDashboard.Subscribe(school.Id);

        await school.MarkYesterdayUnauthorised("T000000000002");

        var alert = await lead.NextAlert();
        Assert.Equal(("T000000000002-PenaltyNoticeThreshold-1", school.Id, AlertStatus.Open), (alert.Id, alert.SchoolId, alert.Status));
        Assert.Equal("Oliver Jones", alert.PupilName);
        await other.MarkYesterdayUnauthorised("T000000000004");
        Assert.Equal(other.Id, (await otherLead.NextAlert()).SchoolId); // the other lead's own alert arrives…
        Assert.Empty(otherLead.AlertsReceived()); // …and nothing of the first school's came before it
        Assert.Empty(teacherDashboard.AlertsReceived()); // a class dashboard is not an alerts subscription
        Assert.Empty(lead.AlertsReceived());

        // A lead who connects later gets the open alert in the subscription's answer.
        await using var lateLead = await DashboardClient.ConnectAsync(fixture.Server);
        Assert.Equal(alert.Id, Assert.Single(await lateLead.SubscribeAlerts(school.Id)).Id);
    }

    [Fact]
    public async Task A_head_of_year_sees_and_acts_on_their_forms_alerts_only_live_and_in_the_inbox()
    {
        var school = await SchoolWithLowThreshold();
        var head = TestUsers.HeadOfYear(school.Id, "3B");
        await using var lead = await DashboardClient.ConnectAsync(fixture.Server, TestUsers.Lead(school.Id));
        await using var headsDashboard = await DashboardClient.ConnectAsync(fixture.Server, head);
        await lead.SubscribeAlerts(school.Id);
        Assert.Empty(await headsDashboard.SubscribeAlerts(school.Id));

        await school.MarkYesterdayUnauthorised("T000000000004"); // Noah, 4G
        await school.MarkYesterdayUnauthorised("T000000000002"); // Oliver, 3B
        var noah = "T000000000004-PenaltyNoticeThreshold-1";
        var oliver = "T000000000002-PenaltyNoticeThreshold-1";
        Assert.Equal([oliver, noah], new[] { (await lead.NextAlert()).Id, (await lead.NextAlert()).Id }.Order());
        Assert.Equal(oliver, (await headsDashboard.NextAlert()).Id);
        Assert.Empty(headsDashboard.AlertsReceived()); // Noah's went to the lead at the same moment, and not here

        var client = fixture.Server.ClientAs(head);
        Assert.Equal([oliver], System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync(school.Url("/alerts")))!.AsArray().Select(a => (string)a!["id"]!));
        Assert.Equal([oliver], (await headsDashboard.SubscribeAlerts(school.Id)).Select(a => a.Id));
        await SchoolApi.EnsureSuccess(await client.PostAsJsonAsync(school.Url($"/alerts/{oliver}/acknowledge"), new { }));

        // Another form's pupil and alert look like ones that do not exist; the lead still sees both.
        await SchoolApi.Problem(await client.PostAsJsonAsync(school.Url($"/alerts/{noah}/acknowledge"), new { }), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await client.GetAsync(school.Url($"/alerts/{noah}")), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await client.GetAsync(school.Url("/alerts/no-such-alert")), HttpStatusCode.Forbidden);
        await SchoolApi.Problem(await client.GetAsync(school.Url("/pupils/T000000000004")), HttpStatusCode.Forbidden);
        Assert.Equal(2, (await school.Get("/alerts")).AsArray().Count);
    }

    [Fact]
    public async Task The_inbox_lists_acknowledges_assigns_and_records_the_penalty_notice_decision()
    {
        var school = await SchoolWithLowThreshold();
        await school.MarkYesterdayUnauthorised("T000000000002");
        var id = "T000000000002-PenaltyNoticeThreshold-1";

        var open = (await school.Get("/alerts")).AsArray();
        Assert.Contains(open, a => (string)a!["id"]! == id && (string)a["kind"]! == "PenaltyNoticeThreshold");

        await SchoolApi.EnsureSuccess(await school.Post($"/alerts/{id}/acknowledge", new { }));
        await SchoolApi.EnsureSuccess(await school.Post($"/alerts/{id}/assign", new { assignedTo = "Mr Jones" }));
        var noRationale = await SchoolApi.Problem(await school.Post($"/alerts/{id}/decision", new { decision = "Letter" }), HttpStatusCode.BadRequest);
        Assert.Equal("urn:attendance:problem:invalid-request", (string)noRationale["type"]!);

        await SchoolApi.EnsureSuccess(await school.Post($"/alerts/{id}/decision", new
        {
            decision = "Not issued: first episode, family engaging",
            penaltyNotice = new { issue = false, rationale = "Support-first: 4-week plan agreed with mother" },
        }));

        var decided = await school.Get($"/alerts/{id}");
        Assert.Equal("Decided", (string)decided["status"]!);
        Assert.Equal("Support-first: 4-week plan agreed with mother", (string)decided["penaltyNotice"]!["rationale"]!);
        Assert.Equal(3, decided["trail"]!.AsArray().Count);
        Assert.DoesNotContain((await school.Get("/alerts")).AsArray(), a => (string)a!["id"]! == id);
        Assert.Contains((await school.Get("/alerts?all=true")).AsArray(), a => (string)a!["id"]! == id);

        var again = await SchoolApi.Problem(await school.Post($"/alerts/{id}/acknowledge", new { }), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:alert-closed", (string)again["type"]!);
        await SchoolApi.Problem(await school.Post("/alerts/nope/acknowledge", new { }), HttpStatusCode.NotFound);
        await SchoolApi.Problem(await new SchoolApiFor(fixture.Server.CreateClient(), "no-such-school").Post($"/alerts/{id}/acknowledge", new { }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_policy_is_refused_with_every_problem_and_a_school_can_go_back_to_the_trusts()
    {
        var school = await SchoolWithLowThreshold();
        var own = await school.Get("/policy");
        Assert.True((bool)own["setBySchool"]!);

        var bad = own["policy"]!.DeepClone();
        bad["bands"]![1]!["minimumPercent"] = 99;
        bad["persistentAbsencePercent"] = 120;
        var problem = await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/policy", bad.ToJsonString()), HttpStatusCode.UnprocessableEntity);
        Assert.Equal("urn:attendance:problem:invalid-policy", (string)problem["type"]!);
        Assert.Contains("overlap", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("persistent absence threshold is 120%", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(2, (int)(await school.Get("/policy"))["policy"]!["penaltyNoticeSessions"]!); // unchanged

        await SchoolApi.Problem(await school.Send(HttpMethod.Put, "/policy", "{ \"bands\": "), HttpStatusCode.BadRequest);
        await SchoolApi.EnsureSuccess(await fixture.Server.CreateClient().DeleteAsync(school.Url("/policy")));
        var trusts = await school.Get("/policy");
        Assert.False((bool)trusts["setBySchool"]!);
        Assert.Equal(10, (int)trusts["policy"]!["penaltyNoticeSessions"]!);
    }
}
