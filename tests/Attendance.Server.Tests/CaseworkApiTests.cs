using System.Net;
using System.Net.Http.Json;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>Action plans and part-time timetables: reviews fall due as tasks, timetabled sessions off site are coded C2.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class CaseworkApiTests(FamilyServerFixture fixture) : IClassFixture<FamilyServerFixture>
{
    private readonly HttpClient staff = fixture.Server.CreateClient();

    private static DateTimeOffset At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_action_plan_is_reviewed_after_four_weeks_its_review_task_closes_when_the_review_is_recorded()
    {
        fixture.Server.Clock.Now = At(11, 10, 9, 10);
        var school = await new SchoolApi(staff).CreateAsync();
        var before = await school.Post("/pupils/T000000000001/action-plans", new { meetingOn = "2026-11-10", reviewOn = "2026-11-10" });
        Assert.Contains("must come after the meeting", (await SchoolApi.Problem(before, HttpStatusCode.BadRequest))["detail"]!.GetValue<string>());

        var response = await school.Post("/pupils/T000000000001/action-plans", new
        {
            meetingOn = "2026-11-10", attended = new[] { "Jo Smith (mother)", "Mrs Okafor" },
            schoolActions = new[] { "Morning check-in with a key adult" }, parentActions = new[] { "Bedtime by 8pm", "Call by 8:45 on any day of absence" },
            pupilActions = new[] { "Come to breakfast club" }, support = "Early help referral offered",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plan = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!;
        Assert.Equal("2026-12-08", plan["reviewOn"]!.GetValue<string>()); // four weeks
        var id = plan["id"]!.GetValue<string>();

        // The day before the review: no task. On the day: a task to review it.
        fixture.Server.Clock.Now = At(12, 7, 16, 0);
        await Task.Delay(1500);
        Assert.DoesNotContain((await school.Get("/tasks")).AsArray(), t => t!["kind"]!.GetValue<string>() == "ReviewActionPlan");
        fixture.Server.Clock.Now = At(12, 8, 8, 0);
        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Any(x => x!["kind"]!.GetValue<string>() == "ReviewActionPlan"));
        var task = tasks.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "ReviewActionPlan")!;
        Assert.Equal($"review-{id}-2026-12-08", task["id"]!.GetValue<string>());

        var noDate = await school.Post($"/pupils/T000000000001/action-plans/{id}/reviews", new { outcome = "Continue", note = "Some improvement" });
        Assert.Equal(["nextReview"], (await SchoolApi.Problem(noDate, HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => i!.GetValue<string>()));
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/T000000000001/action-plans/{id}/reviews", new { outcome = "Continue", note = "Some improvement", nextReview = "2027-01-12" }));
        var closed = await Eventually.Until(() => school.Get($"/tasks/review-{id}-2026-12-08"), t => t["closed"] is not null);
        Assert.StartsWith("Reviewed: Continue. Some improvement", closed["closed"]!["outcome"]!.GetValue<string>());

        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/T000000000001/action-plans/{id}/reviews", new { outcome = "Improved", note = "96% since the plan" }));
        var again = await school.Post($"/pupils/T000000000001/action-plans/{id}/reviews", new { outcome = "Escalate", note = "x" });
        await SchoolApi.Problem(again, HttpStatusCode.Conflict);
        var work = await school.Get("/pupils/T000000000001/casework");
        Assert.Equal(["Continue", "Improved"], work["plans"]![0]!["reviews"]!.AsArray().Select(r => r!["outcome"]!.GetValue<string>()));
        Assert.Equal(["Bedtime by 8pm", "Call by 8:45 on any day of absence"], work["plans"]![0]!["parentActions"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task A_part_time_timetable_codes_its_sessions_C2_as_they_come_and_raises_its_review()
    {
        fixture.Server.Clock.Now = At(11, 10, 9, 10);
        var school = await new SchoolApi(staff).CreateAsync();
        var weekend = await school.Post("/pupils/T000000000001/part-time-timetables", new
        {
            start = "2026-11-10", agreedEnd = "2026-11-20", reviewOn = "2026-11-17", reason = "x", sessionsOff = new[] { new { day = "Saturday", part = "AM" } },
        });
        Assert.Equal(["sessionsOff"], (await SchoolApi.Problem(weekend, HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => i!.GetValue<string>()));
        await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/part-time-timetables", new
        {
            start = "2026-11-10", agreedEnd = "2026-11-20", reviewOn = "2026-11-17", reason = "Phased return after an operation",
            sessionsOff = new[] { new { day = "Tuesday", part = "PM" }, new { day = "Friday", part = "PM" } },
        }));

        // Tuesday afternoon's register opens at 13:00: coded C2 then; the morning is the teacher's to mark.
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-10-PM")).AsArray());
        fixture.Server.Clock.Now = At(11, 10, 13, 5);
        var pm = await Eventually.Until(() => school.Get("/pupils/T000000000001/sessions/2026-11-10-PM"), h => h.AsArray().Count > 0);
        Assert.Equal("C2", pm[0]!["code"]!.GetValue<string>());
        Assert.Contains("Phased return after an operation", pm[0]!["note"]!.GetValue<string>());
        Assert.Empty((await school.Get("/pupils/T000000000001/sessions/2026-11-10-AM")).AsArray());

        fixture.Server.Clock.Now = At(11, 17, 8, 30);
        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Any(x => x!["kind"]!.GetValue<string>() == "ReviewPartTimeTimetable"));
        Assert.Contains("part-time timetable", tasks.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "ReviewPartTimeTimetable")!["what"]!.GetValue<string>());
        var friday = await school.Get("/pupils/T000000000001/sessions/2026-11-13-PM");
        Assert.Equal("C2", friday[0]!["code"]!.GetValue<string>()); // a past session of the timetable, coded when the check came round
    }

    [Fact]
    public async Task A_part_time_timetable_longer_than_the_policy_allows_is_refused_and_the_lead_is_warned_before_it_ends()
    {
        fixture.Server.Clock.Now = At(11, 10, 9, 10);
        var school = await new SchoolApi(staff).CreateAsync();
        object Timetable(string end, string review) => new
        {
            start = "2026-11-10", agreedEnd = end, reviewOn = review, reason = "Reintegration after long illness",
            sessionsOff = new[] { new { day = "Friday", part = "PM" } },
        };

        var tooLong = await SchoolApi.Problem(await school.Post("/pupils/T000000000002/part-time-timetables", Timetable("2026-12-22", "2026-11-24")), HttpStatusCode.BadRequest);
        Assert.Contains("no longer than 6 weeks (the policy's partTimeTimetableWeeks): from 10 November 2026 it ends by 21 December 2026", tooLong["detail"]!.GetValue<string>());
        var lateReview = await SchoolApi.Problem(await school.Post("/pupils/T000000000002/part-time-timetables", Timetable("2026-12-21", "2026-11-25")), HttpStatusCode.BadRequest);
        Assert.Contains("reviewed at least every 14 days", lateReview["detail"]!.GetValue<string>());
        Assert.Empty((await school.Get("/pupils/T000000000002/casework"))["timetables"]!.AsArray());

        var made = await school.Post("/pupils/T000000000002/part-time-timetables", Timetable("2026-12-21", "2026-11-24"));
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var id = (await made.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["id"]!.GetValue<string>();

        // A review may continue it only to a date within the fortnight.
        fixture.Server.Clock.Now = At(11, 24, 9, 0);
        var farReview = await school.Post($"/pupils/T000000000002/part-time-timetables/{id}/reviews", new { outcome = "Continue", note = "Going well", nextReview = "2026-12-09" });
        Assert.Equal(["nextReview"], (await SchoolApi.Problem(farReview, HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => i!.GetValue<string>()));
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/T000000000002/part-time-timetables/{id}/reviews", new { outcome = "Continue", note = "Going well", nextReview = "2026-12-08" }));

        // Six days before the end: nothing yet. Five days before: the lead is told it ends on Monday 21 December.
        fixture.Server.Clock.Now = At(12, 15, 9, 0);
        await Task.Delay(1500);
        Assert.DoesNotContain((await school.Get("/tasks")).AsArray(), t => t!["kind"]!.GetValue<string>() == "PartTimeTimetableEnds");
        fixture.Server.Clock.Now = At(12, 16, 9, 0);
        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Any(x => x!["kind"]!.GetValue<string>() == "PartTimeTimetableEnds"));
        var ending = tasks.AsArray().Single(t => t!["kind"]!.GetValue<string>() == "PartTimeTimetableEnds")!;
        Assert.Equal($"ends-{id}-2026-12-21", ending["id"]!.GetValue<string>());
        Assert.Contains("ends on Monday 21 December", ending["what"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_contracts_weeks_are_checked_against_its_target_as_they_end_and_its_signatures_recorded()
    {
        fixture.Server.Clock.Now = At(11, 10, 9, 10);
        var school = await new SchoolApi(staff).CreateAsync();
        object Contract(object? target) => new { kind = "Contract", meetingOn = "2026-11-10", attended = new[] { "Jo Smith (mother)" }, target };
        Assert.Equal(["target"], (await SchoolApi.Problem(await school.Post("/pupils/T000000000001/action-plans", Contract(null)), HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));
        var hundred = await SchoolApi.Problem(await school.Post("/pupils/T000000000001/action-plans", Contract(new { sessions = 10, outOf = 10 })), HttpStatusCode.BadRequest);
        Assert.Contains("never 100%", (string)hundred["detail"]!);
        var plan = await SchoolApi.Body(await school.Post("/pupils/T000000000001/action-plans", Contract(new { sessions = 9, outOf = 10 })));
        var id = (string)plan["id"]!;

        var early = await school.Post($"/pupils/T000000000001/action-plans/{id}/signatures", new { name = "Jo Smith", role = "Mother", signedOn = "2026-11-09" });
        Assert.Equal(["signedOn"], (await SchoolApi.Problem(early, HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));
        await SchoolApi.EnsureSuccess(await school.Post($"/pupils/T000000000001/action-plans/{id}/signatures", new { name = "Jo Smith", role = "Mother", signedOn = "2026-11-10" }));

        // The week of 16 November: two sessions missed, one more than "9 out of 10" allows.
        fixture.Server.Clock.Now = At(11, 20, 15, 0);
        foreach (var day in Enumerable.Range(16, 5))
        {
            foreach (var part in new[] { "AM", "PM" })
            {
                var code = day == 17 ? "O" : "/";
                await SchoolApi.EnsureSuccess(await school.Post("/pupils/T000000000001/marks", new { session = $"2026-11-{day}-{part}", code }));
            }
        }

        await Task.Delay(1500); // Friday afternoon: the week has not ended
        Assert.Empty((await school.Get("/pupils/T000000000001/casework"))["plans"]![0]!["weeks"]!.AsArray());
        fixture.Server.Clock.Now = At(11, 21, 8, 0);
        var tasks = await Eventually.Until(() => school.Get("/tasks"), t => t.AsArray().Any(x => (string)x!["kind"]! == "ContractTargetMissed"));
        var missed = tasks.AsArray().Single(t => (string)t!["kind"]! == "ContractTargetMissed")!;
        Assert.Equal($"target-{id}-2026-11-16", (string)missed["id"]!);
        Assert.Contains("attended 8 of 10 sessions in the week of 16 November: the attendance contract's target is 9 out of 10 sessions each week", (string)missed["what"]!);
        var work = await school.Get("/pupils/T000000000001/casework");
        var week = Assert.Single(work["plans"]![0]!["weeks"]!.AsArray())!;
        Assert.Equal(("2026-11-16", 10, 8, false), ((string)week["weekOf"]!, (int)week["possible"]!, (int)week["attended"]!, (bool)week["met"]!));
        Assert.Equal("Jo Smith", (string)work["plans"]![0]!["signatures"]![0]!["name"]!);
    }

    [Fact]
    public async Task The_case_log_keeps_calls_referrals_panels_and_the_level_of_support_and_each_referral_gets_one_outcome()
    {
        fixture.Server.Clock.Now = At(11, 10, 9, 10);
        var school = await new SchoolApi(staff).CreateAsync();
        const string Log = "/pupils/T000000000002/case-log";
        Assert.Equal(["service"], (await SchoolApi.Problem(await school.Post(Log, new { kind = "Referral", on = "2026-11-10", summary = "Referred" }), HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));
        Assert.Equal(["on"], (await SchoolApi.Problem(await school.Post(Log, new { kind = "Call", on = "2026-11-11", summary = "Called" }), HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));
        await SchoolApi.Problem(await school.Post(Log, new { kind = "SupportTier", on = "2026-11-10", summary = "Up", tier = 7 }), HttpStatusCode.BadRequest); // a number, not a tier
        Assert.Equal(["tier"], (await SchoolApi.Problem(await school.Post(Log, new { kind = "SupportTier", on = "2026-11-10", summary = "Up" }), HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));
        await SchoolApi.Problem(await school.Post("/pupils/T000000000999/case-log", new { kind = "Note", on = "2026-11-10", summary = "x" }), HttpStatusCode.NotFound);

        var visit = await SchoolApi.Body(await school.Post(Log, new { kind = "HomeVisit", on = "2026-11-09", summary = "Nobody home; card left", tier = "Legal" }));
        await SchoolApi.Problem(await school.Post($"{Log}/{(string)visit["id"]!}/outcome", new { outcome = "x", on = "2026-11-10" }), HttpStatusCode.BadRequest); // a visit has no outcome
        await SchoolApi.EnsureSuccess(await school.Post(Log, new { kind = "SupportTier", on = "2026-11-10", summary = "Moved to targeted support", tier = "Targeted" }));
        var panel = await SchoolApi.Body(await school.Post(Log, new { kind = "Panel", on = "2026-11-10", summary = "School attendance panel with both parents", panel = "SchoolAttendancePanel" }));
        var id = (string)panel["id"]!;

        var before = await school.Post($"{Log}/{id}/outcome", new { outcome = "Contract agreed", on = "2026-11-09" });
        Assert.Equal(["on"], (await SchoolApi.Problem(before, HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!));
        Assert.Equal(["on"], (await SchoolApi.Problem(await school.Post($"{Log}/{id}/outcome", new { outcome = "Contract agreed", on = "2026-11-11" }), HttpStatusCode.BadRequest))["items"]!.AsArray().Select(i => (string)i!)); // not yet known
        await SchoolApi.EnsureSuccess(await school.Post($"{Log}/{id}/outcome", new { outcome = "Contract agreed", on = "2026-11-10" }));
        await SchoolApi.Problem(await school.Post($"{Log}/{id}/outcome", new { outcome = "Again", on = "2026-11-10" }), HttpStatusCode.Conflict);

        var log = (await school.Get("/pupils/T000000000002/casework"))["log"]!.AsArray();
        Assert.Equal(["Panel", "SupportTier", "HomeVisit"], log.Select(e => (string)e!["kind"]!)); // newest first
        Assert.Equal("Contract agreed", (string)log[0]!["outcome"]!["what"]!);
        Assert.Equal("Targeted", (string)log[1]!["tier"]!);
        Assert.Null(log[2]!["tier"]); // a tier belongs to a change of support only
    }
}
