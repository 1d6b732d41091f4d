using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Screens;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>
/// What a parent signed in does: see each of their children (at any school of the trust), report an absence, ask
/// for leave. A child is theirs when the school holds the parent's e-mail on the child's contacts; any other pupil is
/// refused with 403, whether or not it exists.
/// </summary>
public static class FamilyEndpoints
{
    /// <summary>An absence report: its first and last sessions (e.g. "2026-11-30-AM"), the reason, and what the school should know.</summary>
    public sealed record AbsenceReportRequest(Session? First, Session? Last, ParentReason? Reason, string? Details);

    /// <summary>A leave request: first and last sessions and the reason.</summary>
    public sealed record LeaveRequestBody(Session? First, Session? Last, string? Reason);

    public static RouteGroupBuilder MapFamilies(this RouteGroupBuilder api)
    {
        var family = api.MapGroup("/family").WithTags("Parents");

        family.MapGet("/", async (ClaimsPrincipal principal, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            if (ParentUser.From(principal) is not { } parent)
            {
                return NotAParent();
            }

            if (await grains.GetParent(parent.Email).ChildrenOf(parent.Subject!) is not { } children)
            {
                return AnotherAccount();
            }

            var views = await Task.WhenAll(children.Select(c => Child(grains, clock, c, parent)));
            var messages = await Task.WhenAll(children.Select(c => c.SchoolId).Distinct().Select(s => grains.GetGrain<IMessageOutboxGrain>(s).List(to: parent.Email)));
            return Results.Ok(new FamilyView(parent.Name, parent.Email, [.. views.OfType<ChildView>()],
                [.. messages.SelectMany(m => m).Where(m => m.Status == MessageStatus.Sent).OrderByDescending(m => m.SentAt).Select(m => new MessageHome(m.SentAt!.Value, m.Message.Subject, m.Message.Body))]));
        }).WithSummary("A parent's children across the trust: today's marks, attendance this year with its band, absence reports and leave requests, and messages from the schools");

        var child = family.MapGroup("/children/{schoolId}/{upn}");
        child.MapPost("/absences", async (string schoolId, string upn, AbsenceReportRequest body, ClaimsPrincipal principal, IGrainFactory grains) =>
        {
            if (await ParentOf(principal, grains, schoolId, upn) is not { } parent)
            {
                return NotTheirChild();
            }

            if (body.First is not { } first || body.Reason is not { } reason)
            {
                return Problems.Invalid("Give the first session (e.g. \"2026-11-30-AM\") and the reason (Illness, MedicalAppointment, ReligiousObservance, FamilyEmergency or Other); the last session defaults to the first.", "first", "reason");
            }

            return (await grains.GetGrain<IFamilyRequestsGrain>(schoolId).Report(
                new NewAbsenceReport(upn, new SessionRange(first, body.Last ?? first), reason, Limit(body.Details), parent.AsParent())))
                .ToResult(report => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", report));
        }).WithSummary("Report an absence for today or days ahead: the school's office sees it at once; the school decides the code");

        child.MapPost("/leave", async (string schoolId, string upn, LeaveRequestBody body, ClaimsPrincipal principal, IGrainFactory grains) =>
        {
            if (await ParentOf(principal, grains, schoolId, upn) is not { } parent)
            {
                return NotTheirChild();
            }

            if (body.First is not { } first || body.Last is not { } last)
            {
                return Problems.Invalid("Give the first and the last session of the leave (e.g. \"2027-02-01-AM\" to \"2027-02-05-PM\").", "first", "last");
            }

            return (await grains.GetGrain<IFamilyRequestsGrain>(schoolId).RequestLeave(
                new NewLeaveRequest(upn, new SessionRange(first, last), Limit(body.Reason) ?? "", parent.AsParent())))
                .ToResult(request => TypedResults.Created($"/api/family/children/{schoolId}/{upn}", request));
        }).WithSummary("Ask the headteacher for leave of absence in term time (the policy's notice: two weeks by default)");

        // A parent who moved to a new sign-in account with the same address: the office, having checked who they are,
        // lets the next account to sign in with the address keep it.
        api.MapDelete("/schools/{schoolId}/parent-accounts/{email}", async (string schoolId, string email, IGrainFactory grains) =>
        {
            var parent = grains.GetParent(email);
            if (await SchoolEndpoints.IfUnknown(schoolId, grains) is { } unknown)
            {
                return unknown;
            }

            if (!await parent.HasChildrenAt(schoolId))
            {
                return Problems.NotFound(RejectionReason.UnknownPupil, $"No pupil of this school has '{email}' as a contact's e-mail address.");
            }

            await parent.ForgetAccount();
            return Results.NoContent();
        }).RequireAccess(Capability.ManageSchool).WithTags("Parents")
            .WithSummary("Let the next sign-in account with this parent's e-mail address keep it (after the parent moved to a new account)");

        return api;
    }

    /// <summary>One child for their parent: only this parent's own reports and requests (another parent of the child has theirs).</summary>
    private static async Task<ChildView?> Child(IGrainFactory grains, TimeProvider clock, ChildLink link, ParentUser parent)
    {
        var school = grains.GetGrain<ISchoolGrain>(link.SchoolId);
        if (await school.GetSettings() is not { } settings || await school.GetPolicy() is not { } inForce)
        {
            return null;
        }

        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var pupil = grains.GetPupil(link.SchoolId, link.Upn);
        if (await pupil.GetSummary(today, settings.Calendar.SchoolWeek(today)) is not { } summary)
        {
            return null;
        }

        var standing = PupilCalendar.Standing(inForce.Policy, await pupil.GetStanding());
        var requests = await grains.GetGrain<IFamilyRequestsGrain>(link.SchoolId).List(link.Upn);
        var className = (await school.GetClasses()).FirstOrDefault(c => c.Id == summary.Pupil.RegistrationGroup)?.Name ?? summary.Pupil.RegistrationGroup;
        return new ChildView(link.SchoolId, settings.Name, link.Upn, summary.Pupil.DisplayName, className, today,
            [.. new[] { SessionPart.AM, SessionPart.PM }.Select(part => new Session(today, part)).Where(settings.Calendar.IsOpen)
                .Select(s => new TodaysMark(s, summary.TodaysMarks.LastOrDefault(m => m.Session == s)?.Code))],
            summary.Attendance, standing.Band.Name, standing.Band.Colour, standing.Band.MinimumPercent, inForce.Policy.PercentagesFromSessions,
            [.. requests.Reports.Where(r => Same(r.ReportedBy, parent))], [.. requests.Leave.Where(l => Same(l.RequestedBy, parent))]);
    }

    private static bool Same(Parent who, ParentUser parent) => string.Equals(who.Email, parent.Email, StringComparison.OrdinalIgnoreCase);

    private static async Task<ParentUser?> ParentOf(ClaimsPrincipal principal, IGrainFactory grains, string schoolId, string upn) =>
        ParentUser.From(principal) is { } parent && (await grains.GetParent(parent.Email).ChildrenOf(parent.Subject!))?.Contains(new ChildLink(schoolId, upn)) == true ? parent : null;

    private static string? Limit(string? text) => text is { Length: > 1000 } ? text[..1000] : text;

    private static IResult NotAParent() => new Rejection(RejectionReason.NotAParent,
        "This page is for parents and carers signed in with the confirmed e-mail address their child's school holds. Staff use their own pages.").ToProblem();

    private static IResult AnotherAccount() => new Rejection(RejectionReason.AnotherAccount,
        "Another sign-in account already uses this e-mail address for your children. If you have moved to a new account, ask the school office to let your new account in.").ToProblem();

    private static IResult NotTheirChild() => new Rejection(RejectionReason.NotYourChild,
        "This pupil is not linked to your account. A child is linked when their school holds your e-mail address as a contact: ask the school office to add it. Nothing was recorded.").ToProblem();
}

/// <summary>A parent's page: their children and the schools' messages to them.</summary>
public sealed record FamilyView(string Name, string Email, IReadOnlyList<ChildView> Children, IReadOnlyList<MessageHome> Messages);

/// <summary>One child as their parent sees them: today's marks, this year's figures and band, their reports and requests.</summary>
public sealed record ChildView(
    string SchoolId,
    string SchoolName,
    string Upn,
    string Name,
    string ClassName,
    DateOnly Today,
    IReadOnlyList<TodaysMark> TodaysMarks,
    TallySnapshot Attendance,
    string Band,
    string BandColour,
    decimal BandFrom,
    int MeasuredFrom,
    IReadOnlyList<AbsenceReport> Reports,
    IReadOnlyList<LeaveRequest> Leave);

/// <summary>A session of today and its mark (null until the register is taken).</summary>
public sealed record TodaysMark(Session Session, string? Code);

public sealed record MessageHome(DateTimeOffset SentAt, string Subject, string Body);
