using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Casework;

/// <summary>A pupil's casework: attendance action plans and contracts, part-time timetables, and their reviews.</summary>
public static class CaseworkApi
{
    public static IEndpointRouteBuilder MapCaseworkApi(this IEndpointRouteBuilder app)
    {
        var pupil = app.MapGroup("/api/schools/{schoolId}/pupils/{upn}").WithTags("Casework").RequireAccess(Capability.FollowUp).ForKnownSchool();

        pupil.MapGet("/casework", ListCasework)
            .ForKnownSchool()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The pupil's case log, plans and contracts (with each week against a contract's target), part-time timetables and penalty-notice cases");

        pupil.MapPost("/action-plans", RecordPlan)
            .WithSummary("Record an action plan or contract agreed at a meeting: who came, actions for school, parent and pupil, support offered, review date (four weeks by default)");

        pupil.MapPost("/action-plans/{planId}/signatures", Sign)
            .WithSummary("Record who signed a plan or contract (name, role, date)");

        pupil.MapPost("/case-log", RecordEntry)
            .WithSummary("A line of the case log: a note, call, meeting, home visit, referral (EarlyHelp, Mash, EducationWelfare, Health, Other), panel, or a change in the level of support");

        pupil.MapPost("/case-log/{entryId}/outcome", RecordOutcome)
            .WithSummary("The outcome of a referral or a panel");

        pupil.MapPost("/action-plans/{planId}/reviews", ReviewPlan)
            .WithSummary("Review a plan: Improved (closes it), Continue (with the next review date) or Escalate (closes it; the next stage)");

        pupil.MapPost("/part-time-timetables", RecordTimetable)
            .WithSummary("Record a temporary part-time timetable: the weekday sessions off site (coded C2 as they come), start, agreed end, review date");

        pupil.MapPost("/part-time-timetables/{timetableId}/reviews", ReviewTimetable)
            .WithSummary("Review a part-time timetable: Improved (back to full time: it ends), Continue (to the next review date) or Escalate");

        return app;
    }

    public static async Task<Ok<PupilCasework>> ListCasework(string upn, KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await CaseworkOf(grains, school.Id).List(upn));

    /// <summary>201 Created with the plan (its review four weeks after the meeting unless the policy or the body says otherwise).</summary>
    public static async Task<Results<Created<ActionPlan>, ProblemHttpResult>> RecordPlan(
        string schoolId, string upn, PlanBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.MeetingOn is not { } meeting)
        {
            return Problems.Invalid("Give the date of the meeting the plan was agreed at (meetingOn).", "meetingOn");
        }

        var weeks = (await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy())?.Policy.Families.ActionPlanReviewWeeks ?? 4;
        var plan = new ActionPlan("", upn, "", body.Kind ?? PlanKind.ActionPlan, meeting,
            Lines(body.Attended), Lines(body.SchoolActions), Lines(body.ParentActions), Lines(body.PupilActions),
            string.IsNullOrWhiteSpace(body.Support) ? null : body.Support.Trim(), body.ReviewOn ?? meeting.AddDays(7 * weeks), user.Staff(), default, [], body.Target);
        return (await CaseworkOf(grains, schoolId).RecordPlan(plan)).ToResult(made => TypedResults.Created((string?)null, made));
    }

    public static async Task<Results<Ok<ActionPlan>, ProblemHttpResult>> ReviewPlan(
        string schoolId, string planId, ReviewBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (Review(body, user) is not { } review)
        {
            return NoOutcome();
        }

        return (await CaseworkOf(grains, schoolId).ReviewPlan(planId, review)).ToResult();
    }

    public static async Task<Results<Ok<ActionPlan>, ProblemHttpResult>> Sign(
        string schoolId, string planId, SignatureBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        body.SignedOn is not { } on
            ? Problems.Invalid("Give the date it was signed (signedOn).", "signedOn")
            : await CaseworkOf(grains, schoolId).Sign(planId, new PlanSignature(body.Name ?? "", body.Role ?? "", on), user.Staff()).ToResult();

    /// <summary>201 Created with the entry.</summary>
    public static async Task<Results<Created<CaseEntry>, ProblemHttpResult>> RecordEntry(
        string schoolId, string upn, CaseEntryBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        body.Kind is not { } kind || body.On is not { } on
            ? Problems.Invalid("Give the kind of entry and the day it happened (kind, on).", "kind", "on")
            : (await CaseworkOf(grains, schoolId).Record(new CaseEntry("", upn, kind, on, body.Summary ?? "", user.Staff(), default, body.Tier, body.Service, body.Panel)))
                .ToResult(made => TypedResults.Created((string?)null, made));

    public static async Task<Results<Ok<CaseEntry>, ProblemHttpResult>> RecordOutcome(
        string schoolId, string entryId, OutcomeBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        body.On is not { } on
            ? Problems.Invalid("Give the day the outcome was known (on).", "on")
            : await CaseworkOf(grains, schoolId).RecordOutcome(entryId, new CaseOutcome(body.Outcome ?? "", on, user.Staff())).ToResult();

    /// <summary>201 Created with the timetable.</summary>
    public static async Task<Results<Created<PartTimeTimetable>, ProblemHttpResult>> RecordTimetable(
        string schoolId, string upn, TimetableBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Start is not { } start || body.AgreedEnd is not { } end || body.ReviewOn is not { } review)
        {
            return Problems.Invalid("A part-time timetable needs its start, agreed end and review date.", "start", "agreedEnd", "reviewOn");
        }

        var timetable = new PartTimeTimetable("", upn, "", start, end, review, body.SessionsOff ?? [], body.Reason ?? "", user.Staff(), default, []);
        return (await CaseworkOf(grains, schoolId).RecordTimetable(timetable)).ToResult(made => TypedResults.Created((string?)null, made));
    }

    public static async Task<Results<Ok<PartTimeTimetable>, ProblemHttpResult>> ReviewTimetable(
        string schoolId, string timetableId, ReviewBody body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (Review(body, user) is not { } review)
        {
            return NoOutcome();
        }

        return (await CaseworkOf(grains, schoolId).ReviewTimetable(timetableId, review)).ToResult();
    }

    private static ICaseworkGrain CaseworkOf(IGrainFactory grains, string schoolId) => grains.GetGrain<ICaseworkGrain>(schoolId);

    private static CaseReview? Review(ReviewBody body, ClaimsPrincipal user) =>
        body.Outcome is { } outcome ? new(default, user.Staff(), outcome, body.Note ?? "", body.NextReview) : null;

    private static ProblemHttpResult NoOutcome() => Problems.Invalid("Give the review's outcome: Improved, Continue (with nextReview) or Escalate.", "outcome");

    private static IReadOnlyList<string> Lines(IReadOnlyList<string>? lines) => [.. (lines ?? []).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim())];
}
