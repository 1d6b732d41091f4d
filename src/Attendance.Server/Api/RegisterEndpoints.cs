using Attendance.Server.Hosting;
using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Screens;
using Microsoft.AspNetCore.Mvc;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

public static class RegisterEndpoints
{
    public static RouteGroupBuilder MapRegisters(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Registers");

        school.MapPost("/classes/{classId}/registers/{session}", async (
            string schoolId, string classId, string session, RegisterRequest? request, [FromHeader(Name = "Idempotency-Key")] string? requestId, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (!Session.TryParse(session, out var parsed))
            {
                return BadSession(session);
            }

            if (request?.Marks is null || request.Marks.Any(m => m?.Upn is null || m.Code is null))
            {
                return Problems.Invalid("A register needs marks, each with a upn and a code.", "marks");
            }

            return await RefuseTeacherCodes(schoolId, user, request.Marks, grains)
                ?? (await grains.GetClass(schoolId, classId).SubmitRegister(new RegisterSubmission(parsed, user.Staff(), request.Marks, requestId))).ToResult();
        }).RequireAccess(Capability.TakeRegister).AsMarking("register").WithSummary("Submit a class register for one session (a mark for every pupil not already marked). Resending with the same Idempotency-Key header applies it once");

        school.MapGet("/classes/{classId}/registers/{session}", async (string schoolId, string classId, string session, ClaimsPrincipal user, IGrainFactory grains) =>
        {
            if (!Session.TryParse(session, out var parsed))
            {
                return BadSession(session);
            }

            return await grains.GetClass(schoolId, classId).GetRegister(parsed) is { } register
                ? Results.Ok(PupilProjection.AtSchool(StaffUser.From(user), schoolId).Apply(register))
                : UnknownClass(schoolId, classId);
        }).RequireAccess(Capability.ViewClass).WithSummary("A class's register for one session");

        school.MapPost("/pupils/{upn}/marks", async (string schoolId, string upn, MarkRequest? request, ClaimsPrincipal user, IGrainFactory grains, PupilClasses classes) =>
        {
            if (request?.Session is not { } session || request.Code is null)
            {
                return Problems.Invalid("A mark needs a session (e.g. 2026-11-23-AM) and a code.", "session", "code");
            }

            var source = user.IsInRole(StaffRole.AttendanceOfficer.ClaimValue()) ? MarkSource.Office : MarkSource.Register;
            return await RefuseTeacherCodes(schoolId, user, [new PupilMark(upn, request.Code)], grains) ?? await ForPupil(classes, grains, schoolId, upn, c => c.Mark(new SingleMark(upn, session, request.Code, user.Staff(), source)));
        }).RequireAccess(Capability.TakeRegister).AsMarking("mark").WithSummary("Record one pupil's mark for a session");

        school.MapPost("/pupils/{upn}/amendments", async (string schoolId, string upn, AmendmentRequest? request, ClaimsPrincipal user, IGrainFactory grains, PupilClasses classes) =>
        {
            if (request?.Session is not { } session || request.Code is null || request.Reason is null)
            {
                return Problems.Invalid("An amendment needs a session, the new code and a reason.", "session", "code", "reason");
            }

            return await ForPupil(classes, grains, schoolId, upn, c => c.Amend(new Amendment(upn, session, request.Code, request.Reason, user.Staff())));
        }).RequireAccess(Capability.Amend).AsMarking("amendment").WithSummary("Amend a session's mark; the original entry is kept");

        school.MapPost("/arrivals", async (string schoolId, ArrivalRequest? request, ClaimsPrincipal user, IGrainFactory grains, PupilClasses classes, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            if (request?.Upn is not { } upn)
            {
                return Problems.Invalid("An arrival needs the pupil's upn.", "upn");
            }

            return await ForPupil(classes, grains, schoolId, upn, c => c.RecordArrival(new Arrival(upn, request.ArrivedAt ?? clock.GetUtcNow(), user.Staff(), request.Reason)));
        }).RequireAccess(Capability.RecordArrival).RequireRateLimiting(HostileInput.GatePolicy).AsMarking("arrival").WithSummary("A pupil arriving at the gate or reception: marked present, late (L) or after close (U) by the register times");

        return api;
    }

    /// <summary>
    /// Marks go through the pupil's class, which checks them against its roll and the session. Whether the school
    /// exists is asked only when the pupil is not found: no extra grain call on a mark.
    /// </summary>
    private static async Task<IResult> ForPupil(PupilClasses classes, IGrainFactory grains, string schoolId, string upn, Func<IClassGrain, Task<Outcome<Marked>>> action)
    {
        if (await classes.Send(schoolId, upn, action) is { } result)
        {
            return result.ToResult();
        }

        return await SchoolEndpoints.IfUnknown(schoolId, grains) ?? PupilEndpoints.UnknownPupil(schoolId, upn);
    }

    /// <summary>A teacher's marks with codes the school's policy keeps for the office and leads: refused whole.</summary>
    private static async Task<IResult?> RefuseTeacherCodes(string schoolId, ClaimsPrincipal principal, IReadOnlyList<PupilMark> marks, IGrainFactory grains)
    {
        // The office and leads record any code: no policy to read on their marks. An unknown school has no policy
        // either: the class grain refuses that with its own problem.
        var user = StaffUser.From(principal);
        if (!StaffView.LimitedToTeacherCodes(user) || await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy() is not { } inForce)
        {
            return null;
        }

        var refused = marks.Where(m => !StaffView.MayRecord(user, inForce.Policy, m.Code)).ToList();
        return refused.Count == 0 ? null : Problems.From(new Rejection(RejectionReason.CodeNotForTeachers,
            $"Teachers record {string.Join(", ", inForce.Policy.TeacherCodes)} on the register; the office or the attendance lead records a reason for an absence. Mark {string.Join(", ", refused.Select(m => m.Upn))} 'N' and tell the office what you know.",
            [.. refused.Select(m => m.Upn)]));
    }

    public static IResult UnknownClass(string schoolId, string classId) => Refusals.UnknownClass(schoolId, classId);

    public static IResult BadSession(string session) => Refusals.BadSession(session);
}
