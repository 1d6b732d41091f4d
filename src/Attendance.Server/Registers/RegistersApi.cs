using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Registers;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Hosting;
using Attendance.Server.Http;
using Attendance.Server.Screens;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Attendance.Server.Registers;

/// <summary>
/// Taking registers and marking pupils (a class's register, a single mark, an amendment, a gate arrival), and reading
/// a pupil's attendance and a session's entries back. The marking routes are the hot path: they make no grain call
/// beyond the mark itself (no known-school filter; whether the school exists is asked only when the pupil is not found).
/// </summary>
public static class RegistersApi
{
    public static IEndpointRouteBuilder MapRegistersApi(this IEndpointRouteBuilder app)
    {
        var registers = app.MapGroup("/api/schools/{schoolId}").WithTags("Registers");

        registers.MapPost("/classes/{classId}/registers/{session}", SubmitRegister)
            .RequireAccess(Capability.TakeRegister)
            .AsMarking("register")
            .WithSummary("Submit a class register for one session (a mark for every pupil not already marked). Resending with the same Idempotency-Key header applies it once");

        registers.MapGet("/classes/{classId}/registers/{session}", GetRegister)
            .RequireAccess(Capability.ViewClass)
            .ForKnownSchool()
            .WithSummary("A class's register for one session");

        registers.MapPost("/pupils/{upn}/marks", RecordMark)
            .RequireAccess(Capability.TakeRegister)
            .AsMarking("mark")
            .WithSummary("Record one pupil's mark for a session");

        registers.MapPost("/pupils/{upn}/amendments", Amend)
            .RequireAccess(Capability.Amend)
            .AsMarking("amendment")
            .WithSummary("Amend a session's mark; the original entry is kept");

        registers.MapPost("/arrivals", RecordArrival)
            .RequireAccess(Capability.RecordArrival)
            .RequireRateLimiting(HostileInput.GatePolicy)
            .AsMarking("arrival")
            .WithSummary("A pupil arriving at the gate or reception: marked present, late (L) or after close (U) by the register times");

        var pupils = app.MapGroup("/api/schools/{schoolId}/pupils/{upn}").WithTags("Pupils").RequireAccess(Capability.ViewPupil).ForKnownSchool();

        pupils.MapGet("/", GetPupil)
            .WithSummary("A pupil's attendance this year (tallies, percentage, rolling unauthorised count) and today's marks");

        pupils.MapGet("/sessions/{session}", GetSession)
            .WithSummary("Every entry for one session of a pupil: the original mark and each amendment");

        var legalRegister = app.MapGroup("/api/schools/{schoolId}").WithTags("Legal register").ForKnownSchool();

        legalRegister.MapGet("/pupils/{upn}/sessions/{session}/history", GetSessionHistory)
            .RequireAccess(Capability.ViewPupil)
            .WithSummary("Every change to one pupil's session as the legal register holds it: each entry, who made it and in what role, and for an amendment the original and the reason");

        return app;
    }

    public static async Task<Results<Ok<Marked>, ProblemHttpResult>> SubmitRegister(
        string schoolId,
        string classId,
        string session,
        RegisterRequest? request,
        [FromHeader(Name = "Idempotency-Key")] string? requestId,
        ClaimsPrincipal user,
        IGrainFactory grains)
    {
        if (!Session.TryParse(session, out var parsed))
        {
            return Refusals.BadSession(session);
        }

        if (request?.Marks is null || request.Marks.Any(m => m?.Upn is null || m.Code is null))
        {
            return Problems.Invalid("A register needs marks, each with a upn and a code.", "marks");
        }

        var outcome = await grains.GetClass(schoolId, classId)
            .SubmitRegister(new RegisterSubmission(parsed, user.Staff(), request.Marks, requestId, StaffView.LimitedToTeacherCodes(StaffUser.From(user))));

        // As for a single mark, whether the school exists is asked only when the class is not found.
        return outcome.Rejection?.Reason == RejectionReason.UnknownClass && await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is null
            ? KnownSchools.UnknownSchool(schoolId)
            : outcome.ToResult();
    }

    public static async Task<Results<Ok<ClassRegister>, ProblemHttpResult>> GetRegister(
        string schoolId, string classId, string session, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!Session.TryParse(session, out var parsed))
        {
            return Refusals.BadSession(session);
        }

        return await grains.GetClass(schoolId, classId).GetRegister(parsed) is { } register
            ? TypedResults.Ok(PupilProjection.AtSchool(StaffUser.From(user), schoolId).Apply(register))
            : Refusals.UnknownClass(schoolId, classId);
    }

    public static async Task<Results<Ok<Marked>, ProblemHttpResult>> RecordMark(
        string schoolId, string upn, MarkRequest? request, ClaimsPrincipal user, IGrainFactory grains, PupilClasses classes)
    {
        if (request?.Session is not { } session || request.Code is null)
        {
            return Problems.Invalid("A mark needs a session (e.g. 2026-11-23-AM) and a code.", "session", "code");
        }

        var source = user.IsInRole(StaffRole.AttendanceOfficer.ClaimValue()) ? MarkSource.Office : MarkSource.Register;
        var teacherCodesOnly = StaffView.LimitedToTeacherCodes(StaffUser.From(user));
        return await ForPupil(classes, grains, schoolId, upn, c => c.Mark(new SingleMark(upn, session, request.Code, user.Staff(), source, TeacherCodesOnly: teacherCodesOnly)));
    }

    public static async Task<Results<Ok<Marked>, ProblemHttpResult>> Amend(
        string schoolId, string upn, AmendmentRequest? request, ClaimsPrincipal user, IGrainFactory grains, PupilClasses classes)
    {
        if (request?.Session is not { } session || request.Code is null || request.Reason is null)
        {
            return Problems.Invalid("An amendment needs a session, the new code and a reason.", "session", "code", "reason");
        }

        return await ForPupil(classes, grains, schoolId, upn, c => c.Amend(new Amendment(upn, session, request.Code, request.Reason, user.Staff())));
    }

    public static async Task<Results<Ok<Marked>, ProblemHttpResult>> RecordArrival(
        string schoolId,
        ArrivalRequest? request,
        ClaimsPrincipal user,
        IGrainFactory grains,
        PupilClasses classes,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (request?.Upn is not { } upn)
        {
            return Problems.Invalid("An arrival needs the pupil's upn.", "upn");
        }

        // The pupil takes the arrival alone (one grain call); the server's copy of the roll says whether they exist.
        return await classes.Knows(schoolId, upn)
            ? (await grains.GetPupil(schoolId, upn).RecordArrival(new Arrival(upn, request.ArrivedAt ?? clock.GetUtcNow(), user.Staff(), request.Reason))).ToResult()
            : await UnknownPupil(grains, schoolId, upn);
    }

    /// <summary>The summary is a read of the pupil's record: who read it, and whether it showed their family's contacts, is recorded first.</summary>
    public static async Task<Results<Ok<PupilSummary>, ProblemHttpResult>> GetPupil(
        string schoolId,
        string upn,
        KnownSchool school,
        ClaimsPrincipal user,
        IGrainFactory grains,
        IPupilReads reads,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var today = DateOnly.FromDateTime(school.Settings.LocalTime(clock.GetUtcNow()));
        if (await grains.GetPupil(schoolId, upn).GetSummary(today, school.Settings.Calendar.SchoolWeek(today)) is not { } summary)
        {
            return Refusals.UnknownPupil(schoolId, upn);
        }

        var projection = PupilProjection.AtSchool(StaffUser.From(user), schoolId);
        await reads.Reading(user, schoolId, upn, PupilReadKind.PupilRecord, projection.Sees(PupilFields.Contacts), clock);
        return TypedResults.Ok(projection.Apply(summary));
    }

    public static async Task<Results<Ok<IReadOnlyList<RegisterEntry>>, ProblemHttpResult>> GetSession(
        string schoolId, string upn, string session, IGrainFactory grains)
    {
        if (!Session.TryParse(session, out var parsed))
        {
            return Refusals.BadSession(session);
        }

        var pupil = grains.GetPupil(schoolId, upn);
        return await pupil.GetDetails() is null
            ? Refusals.UnknownPupil(schoolId, upn)
            : TypedResults.Ok(await pupil.GetHistory(parsed));
    }

    public static async Task<Results<Ok<IReadOnlyList<LegalRegisterLine>>, ProblemHttpResult>> GetSessionHistory(
        string schoolId, string upn, string session, IGrainFactory grains, ILegalRegister register, CancellationToken cancellationToken)
    {
        if (!Session.TryParse(session, out var parsed))
        {
            return Refusals.BadSession(session);
        }

        // Asking the pupil first also writes any entry a crash kept from the legal register (on activation).
        return await grains.GetPupil(schoolId, upn).GetDetails() is null
            ? Refusals.UnknownPupil(schoolId, upn)
            : TypedResults.Ok(await register.History(schoolId, upn, parsed, cancellationToken));
    }

    /// <summary>
    /// Marks go through the pupil's class, which checks them against its roll and the session. Whether the school
    /// exists is asked only when the pupil is not found: no extra grain call on a mark.
    /// </summary>
    private static async Task<Results<Ok<Marked>, ProblemHttpResult>> ForPupil(
        PupilClasses classes, IGrainFactory grains, string schoolId, string upn, Func<IClassGrain, Task<Outcome<Marked>>> action)
    {
        return await classes.Send(schoolId, upn, action) is { } outcome ? outcome.ToResult() : await UnknownPupil(grains, schoolId, upn);
    }

    private static async Task<ProblemHttpResult> UnknownPupil(IGrainFactory grains, string schoolId, string upn) =>
        await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is null
            ? KnownSchools.UnknownSchool(schoolId)
            : Refusals.UnknownPupil(schoolId, upn);
}
