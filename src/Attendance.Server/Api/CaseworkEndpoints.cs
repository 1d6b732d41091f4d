using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>A pupil's casework: attendance action plans and contracts, part-time timetables, and their reviews.</summary>
public static class CaseworkEndpoints
{
    /// <param name="ReviewOn">Defaults to the policy's weeks after the meeting (four).</param>
    public sealed record PlanBody(
        PlanKind? Kind, DateOnly? MeetingOn, IReadOnlyList<string>? Attended, IReadOnlyList<string>? SchoolActions,
        IReadOnlyList<string>? ParentActions, IReadOnlyList<string>? PupilActions, string? Support, DateOnly? ReviewOn);

    public sealed record TimetableBody(DateOnly? Start, DateOnly? AgreedEnd, DateOnly? ReviewOn, IReadOnlyList<WeeklySession>? SessionsOff, string? Reason);

    public sealed record ReviewBody(ReviewOutcome? Outcome, string? Note, DateOnly? NextReview);

    public static RouteGroupBuilder MapCasework(this RouteGroupBuilder api)
    {
        var pupil = api.MapGroup("/schools/{schoolId}/pupils/{upn}").WithTags("Casework").RequireAccess(Capability.FollowUp);

        pupil.MapGet("/casework", async (string schoolId, string upn, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await Casework(grains, schoolId).List(upn)))
            .WithSummary("The pupil's action plans and contracts and part-time timetables, each with its reviews");

        pupil.MapPost("/action-plans", async (string schoolId, string upn, PlanBody body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (body.MeetingOn is not { } meeting)
            {
                return Problems.Invalid("Give the date of the meeting the plan was agreed at (meetingOn).", "meetingOn");
            }

            var weeks = (await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy())?.Policy.Families.ActionPlanReviewWeeks ?? 4;
            return Answer(await Casework(grains, schoolId).RecordPlan(new ActionPlan("", upn, "", body.Kind ?? PlanKind.ActionPlan, meeting,
                Lines(body.Attended), Lines(body.SchoolActions), Lines(body.ParentActions), Lines(body.PupilActions),
                string.IsNullOrWhiteSpace(body.Support) ? null : body.Support.Trim(), body.ReviewOn ?? meeting.AddDays(7 * weeks), user.Staff(), default, [])), created: true);
        }).WithSummary("Record an action plan or contract agreed at a meeting: who came, actions for school, parent and pupil, support offered, review date (four weeks by default)");

        pupil.MapPost("/action-plans/{planId}/reviews", async (string schoolId, string planId, ReviewBody body, ClaimsPrincipal user, IGrainFactory grains) =>
            Review(body, user) is not { } review ? NoOutcome() : Answer(await Casework(grains, schoolId).ReviewPlan(planId, review)))
            .WithSummary("Review a plan: Improved (closes it), Continue (with the next review date) or Escalate (closes it; the next stage)");

        pupil.MapPost("/part-time-timetables", async (string schoolId, string upn, TimetableBody body, ClaimsPrincipal user, IGrainFactory grains) =>
            body.Start is not { } start || body.AgreedEnd is not { } end || body.ReviewOn is not { } review
                ? Problems.Invalid("A part-time timetable needs its start, agreed end and review date.", "start", "agreedEnd", "reviewOn")
                : Answer(await Casework(grains, schoolId).RecordTimetable(new PartTimeTimetable("", upn, "", start, end, review,
                    body.SessionsOff ?? [], body.Reason ?? "", user.Staff(), default, [])), created: true))
            .WithSummary("Record a temporary part-time timetable: the weekday sessions off site (coded C2 as they come), start, agreed end, review date");

        pupil.MapPost("/part-time-timetables/{timetableId}/reviews", async (string schoolId, string timetableId, ReviewBody body, ClaimsPrincipal user, IGrainFactory grains) =>
            Review(body, user) is not { } review ? NoOutcome() : Answer(await Casework(grains, schoolId).ReviewTimetable(timetableId, review)))
            .WithSummary("Review a part-time timetable: Improved (back to full time: it ends), Continue (to the next review date) or Escalate");

        return api;
    }

    private static ICaseworkGrain Casework(IGrainFactory grains, string schoolId) => grains.GetGrain<ICaseworkGrain>(schoolId);

    private static CaseReview? Review(ReviewBody body, ClaimsPrincipal user) =>
        body.Outcome is { } outcome ? new(default, user.Staff(), outcome, body.Note ?? "", body.NextReview) : null;

    private static IResult NoOutcome() => Problems.Invalid("Give the review's outcome: Improved, Continue (with nextReview) or Escalate.", "outcome");

    private static IReadOnlyList<string> Lines(IReadOnlyList<string>? lines) => [.. (lines ?? []).Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l.Trim())];

    private static IResult Answer<T>(Outcome<T> outcome, bool created = false) =>
        created ? outcome.ToResult(made => TypedResults.Created((string?)null, made)) : outcome.ToResult();
}
