using System.Globalization;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Families;

/// <summary>
/// Parents and schools. What a parent signed in does: see each of their children (at any school of the trust), report
/// an absence, ask for leave. A child is theirs when the school holds the parent's e-mail on the child's contacts; any
/// other pupil is refused with 403, whether or not it exists. The school's side: the office answers absence reports
/// (accept with a code, or query), the headteacher decides leave requests, and the office sees the messages home and
/// sends a failed one again.
/// </summary>
public static class FamiliesApi
{
    public static IEndpointRouteBuilder MapFamiliesApi(this IEndpointRouteBuilder app)
    {
        var family = app.MapGroup("/api/family").WithTags("Parents");

        family.MapGet("/", GetFamily)
            .WithSummary("A parent's children across the trust: today's marks, attendance this year with its band, absence reports and leave requests, and messages from the schools");

        var child = family.MapGroup("/children/{schoolId}/{upn}");
        child.MapPost("/absences", ReportAbsence)
            .WithSummary("Report an absence for today or days ahead, or explain one of the last month's the school has no reason for (N): the school's office sees it at once; the school decides the code");

        child.MapPost("/running-late", RunningLate)
            .WithSummary("Say the child is on the way and when they should arrive today: the school does not call home, and the arrival gives the mark (L or U)");

        child.MapPost("/contact-details", ChangeContactDetails)
            .WithSummary("Ask the school to change your phone number or e-mail address as this child's contact: the office checks it is you and approves it");

        child.MapPost("/leave", RequestLeave)
            .WithSummary("Ask the headteacher for leave of absence in term time (the policy's notice: two weeks by default)");

        // A parent who moved to a new sign-in account with the same address: the office, having checked who they are,
        // lets the next account to sign in with the address keep it.
        app.MapDelete("/api/schools/{schoolId}/parent-accounts/{email}", ForgetParentAccount)
            .ForKnownSchool()
            .RequireAccess(Capability.ManageSchool)
            .WithTags("Parents")
            .WithSummary("Let the next sign-in account with this parent's e-mail address keep it (after the parent moved to a new account)");

        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("Parents' requests").ForKnownSchool();

        school.MapGet("/family-requests", ListRequests)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(Capability.FollowUp)
            .WithSummary("Absence reports and leave requests from parents, newest first, with each decision (who, when, code, why)");

        school.MapPost("/absence-reports/{reportId}/answer", AnswerReport)
            .RequireAccess(Capability.Amend)
            .WithSummary("Accept a report (its sessions get the code: now for those under way, at registration for the rest) or query it; the parent is told by e-mail");

        school.MapPost("/contact-changes/{changeId}/decision", DecideContactChange)
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("Approve a parent's new phone number or e-mail address (the pupil's contacts change as a roster import of the pupil would; change the MIS too) or refuse it, saying how it was checked");

        school.MapPost("/leave-requests/{requestId}/decision", DecideLeave)
            .RequireAccess(Capability.DecideLeave)
            .WithSummary("The headteacher grants leave (its sessions coded C when they come) or refuses it (G if the pupil is absent); the parent is told, with the penalty-notice consequences of a refusal");

        school.MapGet("/messages", ListMessages)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAccess(Capability.FollowUp)
            .WithSummary("Messages home (first-day messages, answers to reports and requests): sent, waiting or failed, with the last error");

        school.MapPost("/messages/{messageId}/retry", RetryMessage)
            .RequireAccess(Capability.FollowUp)
            .WithSummary("Send a failed message again now (a message already sent is not sent twice)");

        return app;
    }

    public static async Task<Results<Ok<FamilyView>, ProblemHttpResult>> GetFamily(ClaimsPrincipal principal, FamiliesService families)
    {
        if (ParentUser.From(principal) is not { } parent)
        {
            return NotAParent();
        }

        return await families.ViewOf(parent) is { } view ? TypedResults.Ok(view) : AnotherAccount();
    }

    /// <summary>201 Created with the report.</summary>
    public static async Task<Results<Created<AbsenceReport>, ProblemHttpResult>> ReportAbsence(
        string schoolId, string upn, AbsenceReportRequest body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (await ParentOf(principal, grains, schoolId, upn) is not { } parent)
        {
            return NotTheirChild();
        }

        if (body.First is not { } first || body.Reason is not { } reason)
        {
            return Problems.Invalid("Give the first session (e.g. \"2026-11-30-AM\") and the reason (Illness, MedicalAppointment, ReligiousObservance, FamilyEmergency or Other); the last session defaults to the first.", "first", "reason");
        }

        var report = new NewAbsenceReport(upn, new SessionRange(first, body.Last ?? first), reason, Limit(body.Details), parent.AsParent());
        return (await Requests(grains, schoolId).Report(report)).ToResult(made => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", made));
    }

    /// <summary>201 Created with the notice (an absence report with reason <c>RunningLate</c> for the session of that time today).</summary>
    public static async Task<Results<Created<AbsenceReport>, ProblemHttpResult>> RunningLate(
        string schoolId, string upn, RunningLateRequest body, ClaimsPrincipal principal, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (await ParentOf(principal, grains, schoolId, upn) is not { } parent)
        {
            return NotTheirChild();
        }

        if (!TimeOnly.TryParseExact(body.ArrivingAt, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var arrivingAt))
        {
            return Problems.Invalid($"Give the time you expect to arrive as hours and minutes (e.g. \"09:40\"), not '{body.ArrivingAt}'.", "arrivingAt");
        }

        if (await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
        {
            return NotTheirChild();
        }

        // Today: the school narrows it to the sessions from now to the arrival, by the pupil's class's register times.
        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var report = new NewAbsenceReport(upn, new SessionRange(new Session(today, SessionPart.AM), new Session(today, SessionPart.PM)),
            ParentReason.RunningLate, Limit(body.Details), parent.AsParent(), arrivingAt);
        return (await Requests(grains, schoolId).Report(report)).ToResult(made => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", made));
    }

    /// <summary>201 Created with the change, waiting for the office.</summary>
    public static async Task<Results<Created<ContactChange>, ProblemHttpResult>> ChangeContactDetails(
        string schoolId, string upn, ContactChangeRequest body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (await ParentOf(principal, grains, schoolId, upn) is not { } parent)
        {
            return NotTheirChild();
        }

        var change = new NewContactChange(upn, parent.AsParent(), Limit(body.Phone), Limit(body.Email));
        return (await Requests(grains, schoolId).RequestContactChange(change)).ToResult(made => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", made));
    }

    public static async Task<Results<Ok<ContactChange>, ProblemHttpResult>> DecideContactChange(
        string schoolId, string changeId, ContactChangeDecision body, ClaimsPrincipal user, IGrainFactory grains) =>
        body.Approve is not { } approve
            ? Problems.Invalid("Say whether you approve the change (approve: true or false) and how you checked it was the parent (note).", "approve", "note")
            : (await Requests(grains, schoolId).DecideContactChange(new ContactChangeAnswer(changeId, approve, body.Note ?? "", user.Staff()))).ToResult();

    /// <summary>201 Created with the request.</summary>
    public static async Task<Results<Created<LeaveRequest>, ProblemHttpResult>> RequestLeave(
        string schoolId, string upn, LeaveRequestBody body, ClaimsPrincipal principal, IGrainFactory grains)
    {
        if (await ParentOf(principal, grains, schoolId, upn) is not { } parent)
        {
            return NotTheirChild();
        }

        if (body.First is not { } first || body.Last is not { } last)
        {
            return Problems.Invalid("Give the first and the last session of the leave (e.g. \"2027-02-01-AM\" to \"2027-02-05-PM\").", "first", "last");
        }

        var request = new NewLeaveRequest(upn, new SessionRange(first, last), Limit(body.Reason) ?? "", parent.AsParent());
        return (await Requests(grains, schoolId).RequestLeave(request)).ToResult(made => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", made));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ForgetParentAccount(string email, KnownSchool school, IGrainFactory grains)
    {
        var parent = grains.GetParent(email);
        if (!await parent.HasChildrenAt(school.Id))
        {
            return Problems.NotFound(RejectionReason.UnknownPupil, $"No pupil of this school has '{email}' as a contact's e-mail address.");
        }

        await parent.ForgetAccount();
        return TypedResults.NoContent();
    }

    public static async Task<Ok<FamilyRequests>> ListRequests(string? upn, KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await Requests(grains, school.Id).List(upn));

    public static async Task<Results<Ok<AbsenceReport>, ProblemHttpResult>> AnswerReport(
        string schoolId, string reportId, ReportAnswerRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Accept is not { } accept)
        {
            return Problems.Invalid("Say whether the report is accepted (accept: true, with the code) or queried (accept: false, with what is asked).", "accept");
        }

        return (await Requests(grains, schoolId).Answer(new ReportAnswer(reportId, accept, body.Code, body.Note ?? "", user.Staff()))).ToResult();
    }

    public static async Task<Results<Ok<LeaveRequest>, ProblemHttpResult>> DecideLeave(
        string schoolId, string requestId, LeaveDecisionRequest body, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (body.Grant is not { } grant)
        {
            return Problems.Invalid("Say whether leave is granted (grant: true) or refused (grant: false), with the reason.", "grant");
        }

        return (await Requests(grains, schoolId).Decide(new LeaveAnswer(requestId, grant, body.Reason ?? "", user.Staff(), body.Code))).ToResult();
    }

    public static async Task<Ok<IReadOnlyList<MessageRecord>>> ListMessages(string? upn, KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await Outbox(grains, school.Id).List(upn));

    public static async Task<Results<Ok<MessageRecord>, ProblemHttpResult>> RetryMessage(string messageId, KnownSchool school, IGrainFactory grains) =>
        await Outbox(grains, school.Id).Retry(messageId) is { } message
            ? TypedResults.Ok(message)
            : Problems.NotFound(RejectionReason.UnknownRequest, $"There is no message '{messageId}' in the outbox of '{school.Id}'.");

    private static IFamilyRequestsGrain Requests(IGrainFactory grains, string schoolId) => grains.GetGrain<IFamilyRequestsGrain>(schoolId);

    private static IMessageOutboxGrain Outbox(IGrainFactory grains, string schoolId) => grains.GetGrain<IMessageOutboxGrain>(schoolId);

    /// <summary>The parent signed in, when the pupil is one of their children; else null.</summary>
    internal static async Task<ParentUser?> ParentOf(ClaimsPrincipal principal, IGrainFactory grains, string schoolId, string upn) =>
        ParentUser.From(principal) is { } parent && (await grains.GetParent(parent.Email).ChildrenOf(parent.Subject!))?.Contains(new ChildLink(schoolId, upn)) == true ? parent : null;

    private static string? Limit(string? text) => text is { Length: > 1000 } ? text[..1000] : text;

    internal static ProblemHttpResult NotAParent() => new Rejection(RejectionReason.NotAParent,
        "This page is for parents and carers signed in with the confirmed e-mail address their child's school holds. Staff use their own pages.").ToProblem();

    internal static ProblemHttpResult AnotherAccount() => new Rejection(RejectionReason.AnotherAccount,
        "Another sign-in account already uses this e-mail address for your children. If you have moved to a new account, ask the school office to let your new account in.").ToProblem();

    internal static ProblemHttpResult NotTheirChild() => new Rejection(RejectionReason.NotYourChild,
        "This pupil is not linked to your account. A child is linked when their school holds your e-mail address as a contact: ask the school office to add it. Nothing was recorded.").ToProblem();
}
