using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Casework;

/// <summary>
/// Penalty-notice cases: opened by the headteacher's decision on a threshold alert (AlertsApi), then each step as it
/// happens (the request: the headteacher only), and the evidence pack for the local authority.
/// </summary>
public static class PenaltyNoticesApi
{
    public static IEndpointRouteBuilder MapPenaltyNoticesApi(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/schools/{schoolId}/penalty-notices").WithTags("Casework").RequireAccess(Capability.FollowUp).ForKnownSchool();

        cases.MapGet("/", List)
            .WithSummary("The school's penalty-notice cases (upn: one pupil's), open ones first: considerations, sessions concerned, each step");

        cases.MapGet("/{caseId}", Get)
            .WithSummary("One penalty-notice case");

        cases.MapPost("/{caseId}/steps", RecordStep)
            .WithSummary("The case's next step: Improved or Requested after a Notice to Improve (requesting: the headteacher only), Issued or Declined by the local authority, then Paid, Withdrawn or ProsecutionReferred");

        cases.MapGet("/{caseId}/evidence-pack.pdf", EvidencePack)
            .WithSummary("The evidence pack for the local authority as one PDF: the case, the sessions concerned, letters sent, plans and meetings, the case log and the registration certificate");

        return app;
    }

    public static async Task<Ok<IReadOnlyList<PenaltyCase>>> List(string? upn, KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await Cases(grains, school.Id).ListCases(upn));

    public static async Task<Results<Ok<PenaltyCase>, ProblemHttpResult>> Get(string caseId, KnownSchool school, IGrainFactory grains) =>
        await Cases(grains, school.Id).Get(caseId) is { } found ? TypedResults.Ok(found) : Unknown(caseId);

    public static async Task<Results<Ok<PenaltyCase>, ProblemHttpResult>> RecordStep(
        string caseId, PenaltyStepBody body, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Step is not { } step || body.On is not { } on)
        {
            return Problems.Invalid("Give the step and the day it happened (step, on).", "step", "on");
        }

        if (step == PenaltyStep.Requested && !AccessRules.Allows(StaffUser.From(user), Capability.RequestPenaltyNotice, school.Id))
        {
            return new Rejection(RejectionReason.Forbidden, "Only the headteacher may request a penalty notice from the local authority (2024 national framework).", ["step"]).ToProblem();
        }

        return await Cases(grains, school.Id).RecordStep(caseId, new PenaltyCaseStep(step, on, body.Note ?? "", user.Staff(), default, body.Reference)).ToResult();
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> EvidencePack(
        string caseId, KnownSchool school, ClaimsPrincipal user, EvidencePack pack, IPupilReads reads, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (await pack.Print(school, caseId) is not { } printed)
        {
            return Unknown(caseId);
        }

        await reads.Reading(user, school.Id, printed.Upn, PupilReadKind.PenaltyEvidencePack, withContacts: false, clock);
        return TypedResults.File(printed.Pdf.Content, "application/pdf", printed.Pdf.FileName);
    }

    private static IPenaltyNoticesGrain Cases(IGrainFactory grains, string schoolId) => grains.GetGrain<IPenaltyNoticesGrain>(schoolId);

    private static ProblemHttpResult Unknown(string caseId) => Problems.NotFound(RejectionReason.UnknownRequest, $"There is no penalty-notice case '{caseId}' at this school.");
}
