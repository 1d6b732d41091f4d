using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>
/// The school's side of parents' requests: the office answers absence reports (accept with a code, or query), the
/// headteacher decides leave requests, and the office sees the messages home and sends a failed one again.
/// </summary>
public static class FamilyRequestEndpoints
{
    /// <param name="Accept">True: record <paramref name="Code"/> for the report's sessions. False: query it (the note says what is asked).</param>
    public sealed record ReportAnswerRequest(bool? Accept, string? Code, string? Note);

    /// <param name="Code">For granted leave, another authorised code than the policy's (e.g. C1).</param>
    public sealed record LeaveDecisionRequest(bool? Grant, string? Reason, string? Code);

    public static RouteGroupBuilder MapFamilyRequests(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Parents' requests");

        school.MapGet("/family-requests", async (string schoolId, string? upn, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await Requests(grains, schoolId).List(upn)))
            .RequireAccess(Capability.FollowUp)
            .WithSummary("Absence reports and leave requests from parents, newest first, with each decision (who, when, code, why)");

        school.MapPost("/absence-reports/{reportId}/answer", async (string schoolId, string reportId, ReportAnswerRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (body.Accept is not { } accept)
            {
                return Problems.Invalid("Say whether the report is accepted (accept: true, with the code) or queried (accept: false, with what is asked).", "accept");
            }

            return (await Requests(grains, schoolId).Answer(new ReportAnswer(reportId, accept, body.Code, body.Note ?? "", user.Staff()))).ToResult();
        }).RequireAccess(Capability.Amend)
          .WithSummary("Accept a report (its sessions get the code: now for those under way, at registration for the rest) or query it; the parent is told by e-mail");

        school.MapPost("/leave-requests/{requestId}/decision", async (string schoolId, string requestId, LeaveDecisionRequest body, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (body.Grant is not { } grant)
            {
                return Problems.Invalid("Say whether leave is granted (grant: true) or refused (grant: false), with the reason.", "grant");
            }

            return (await Requests(grains, schoolId).Decide(new LeaveAnswer(requestId, grant, body.Reason ?? "", user.Staff(), body.Code))).ToResult();
        }).RequireAccess(Capability.DecideLeave)
          .WithSummary("The headteacher grants leave (its sessions coded C when they come) or refuses it (G if the pupil is absent); the parent is told, with the penalty-notice consequences of a refusal");

        school.MapGet("/messages", async (string schoolId, string? upn, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await grains.GetGrain<IMessageOutboxGrain>(schoolId).List(upn)))
            .RequireAccess(Capability.FollowUp)
            .WithSummary("Messages home (first-day messages, answers to reports and requests): sent, waiting or failed, with the last error");

        school.MapPost("/messages/{messageId}/retry", async (string schoolId, string messageId, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains)
            ?? (await grains.GetGrain<IMessageOutboxGrain>(schoolId).Retry(messageId) is { } record
                ? Results.Ok(record)
                : Problems.NotFound(RejectionReason.UnknownRequest, $"There is no message '{messageId}' in the outbox of '{schoolId}'.")))
            .RequireAccess(Capability.FollowUp)
            .WithSummary("Send a failed message again now (a message already sent is not sent twice)");

        return api;
    }

    private static IFamilyRequestsGrain Requests(IGrainFactory grains, string schoolId) => grains.GetGrain<IFamilyRequestsGrain>(schoolId);
}
