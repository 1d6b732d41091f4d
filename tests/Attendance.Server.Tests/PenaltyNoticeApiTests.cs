using System.Net;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The penalty-notice lifecycle through the API: only the headteacher pursues or requests a notice, the local
/// authority's steps are recorded by the office or the lead, and the evidence pack is one PDF read back with PdfPig.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class PenaltyNoticeApiTests(FamilyServerFixture fixture) : IClassFixture<FamilyServerFixture>
{
    private const string Upn = "T000000000003";
    private const string AlertId = $"{Upn}-PenaltyNoticeThreshold-1";

    private static readonly object Considerations = new
    {
        support = "Breakfast club and a key adult since September", bestTool = "Yes: support has not been engaged with",
        noticeToImprove = "Yes, first", otherIntervention = "Not at this stage", adjustments = "Yes: none needed",
    };

    /// <summary>Pupil 3 reaches a threshold of 2 with two sessions of unexplained absence yesterday.</summary>
    private async Task<SchoolApi> SchoolAtTheThreshold()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
        foreach (var session in new[] { "2026-11-09-AM", "2026-11-09-PM" })
        {
            await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{Upn}/marks", new { session, code = "O" }));
        }

        await Eventually.Until(() => school.Get("/alerts"), alerts => alerts.AsArray().Any(a => (string)a!["id"]! == AlertId));
        return school;
    }

    private SchoolApiFor As(SchoolApi school, Access.StaffUser user) => new(fixture.Server.ClientAs(user), school.Id);

    [Fact]
    public async Task Only_the_head_pursues_and_requests_a_notice_and_the_evidence_pack_holds_the_case_the_sessions_the_plans_and_the_certificate()
    {
        var school = await SchoolAtTheThreshold();
        var lead = As(school, TestUsers.Lead(school.Id));
        var pursue = new { decision = "Penalty notice", penaltyNotice = new { issue = true, parent = "Mrs Patel", rationale = "Support has not worked", considerations = Considerations } };

        var refused = await SchoolApi.Problem(await lead.Post($"/alerts/{AlertId}/decision", pursue), HttpStatusCode.Forbidden);
        Assert.Contains("Only the headteacher", (string)refused["detail"]!);
        Assert.Equal("Open", (string)(await school.Get($"/alerts/{AlertId}"))["status"]!);
        var unconsidered = new { decision = "Penalty notice", penaltyNotice = new { issue = true, parent = "Mrs Patel", rationale = "x" } };
        Assert.Equal(["penaltyNotice.considerations"], (await SchoolApi.Problem(await school.Post($"/alerts/{AlertId}/decision", unconsidered), HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));

        await SchoolApi.EnsureSuccess(await school.Post($"/alerts/{AlertId}/decision", pursue)); // the head (the default client is also a senior leader)
        var penalty = Assert.Single((await lead.Get($"/penalty-notices?upn={Upn}")).AsArray())!;
        var id = (string)penalty["id"]!;
        Assert.Equal(("NoticeToImprove", 2), ((string)penalty["current"]!, penalty["sessionsConcerned"]!.AsArray().Count));

        // The lead may not request it; too early for "improved"; the head requests once there is more unauthorised absence.
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.Post($"/penalty-notices/{id}/steps", new { step = "Requested", on = "2026-11-10" })).StatusCode);
        var tooSoon = await SchoolApi.Problem(await lead.Post($"/penalty-notices/{id}/steps", new { step = "Improved", on = "2026-11-10", note = "Better" }), HttpStatusCode.Conflict);
        Assert.Equal("urn:attendance:problem:penalty-step-refused", (string)tooSoon["type"]!);
        Assert.Contains("21 December 2026", (string)tooSoon["detail"]!);
        await SchoolApi.Problem(await school.Post($"/penalty-notices/{id}/steps", new { step = "Requested", on = "2026-11-10" }), HttpStatusCode.Conflict);
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 11, 9, 10, 0, TimeSpan.Zero); // absent again the day after the notice
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/{Upn}/marks", new { session = "2026-11-11-AM", code = "O" }));
        await SchoolApi.EnsureSuccess(await school.Post($"/penalty-notices/{id}/steps", new { step = "Requested", on = "2026-11-11", note = "Evidence pack sent" }));
        var issued = await lead.Post($"/penalty-notices/{id}/steps", new { step = "Issued", on = "2026-11-11", reference = "PN-0042" });
        Assert.Equal(1, (int)(await SchoolApi.Body(issued))["noticeNumber"]!);
        await SchoolApi.Problem(await lead.Post($"/penalty-notices/{id}/steps", new { step = "Sent", on = "2026-11-11" }), HttpStatusCode.BadRequest); // not a step

        // The case log and a contract, for the pack.
        await SchoolApi.EnsureSuccess(await lead.Post($"/pupils/{Upn}/case-log", new { kind = "Referral", on = "2026-11-10", summary = "Early help assessment requested", service = "EarlyHelp" }));
        await SchoolApi.EnsureSuccess(await lead.Post($"/pupils/{Upn}/action-plans", new { kind = "Contract", meetingOn = "2026-11-10", attended = new[] { "Mrs Patel (mother)" }, target = new { sessions = 9, outOf = 10 } }));

        var pages = await PdfText.Pages(await fixture.Server.ClientAs(TestUsers.Lead(school.Id)).GetAsync(lead.Url($"/penalty-notices/{id}/evidence-pack.pdf")));
        var text = string.Join(" ", pages);
        Assert.Contains("Penalty notice: evidence pack for the local authority", pages[0]);
        Assert.Contains("Parent: Mrs Patel", text);
        Assert.Contains("Could the school offer support, or more support", text);
        Assert.Contains("Breakfast club and a key adult since September", text);
        Assert.Contains("Issued (reference PN-0042)", text);
        Assert.Contains("Mon 9 Nov 2026 AM: O (Absent in other or unknown circumstances)", text);
        Assert.Contains("Attendance contract agreed Tue 10 Nov 2026 with Mrs Patel (mother). Target: 9 out of 10 sessions each week", text);
        Assert.Contains("Referral (EarlyHelp). Early help assessment requested", text);
        Assert.Contains("Registration certificate", pages[^1]);
    }
}
