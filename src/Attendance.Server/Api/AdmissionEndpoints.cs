using System.Security.Claims;
using System.Text.Json.Serialization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>The deletion of a pupil's name: their last day on roll and one of regulation 9(1)'s grounds.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DeletionRequest(DateOnly? LastDayOnRoll, DeletionGround? Ground, string? Note);

/// <summary>A pupil known to the school coming back onto the roll.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ReadmissionRequest(DateOnly? StartingDay, string? Note);

/// <summary>A line of the admission register as the office reads it: with the pupil's name and the ground's regulation.</summary>
public sealed record AdmissionLine(string Upn, string? LegalName, AdmissionEntryKind Kind, DateOnly On, DeletionGround? Ground, string? Regulation, string? Note, Staff By, DateTimeOffset At);

/// <summary>
/// The admission register (2024 regulations): read it, delete a pupil's name on a ground, readmit a pupil. New pupils
/// are admitted by the roster import. Each line is kept for good, with who made it; the local authority's return is
/// raised as a follow-up task; the pupil's class has a line for them only on the days they are on roll.
/// </summary>
public static class AdmissionEndpoints
{
    public static RouteGroupBuilder MapAdmissions(this RouteGroupBuilder api)
    {
        var school = api.MapGroup("/schools/{schoolId}").WithTags("Admission register");

        school.MapGet("/admission-register", async (string schoolId, string? upn, IGrainFactory grains) =>
        {
            if (await SchoolEndpoints.IfUnknown(schoolId, grains) is { } unknown)
            {
                return unknown;
            }

            var names = (await grains.GetGrain<ISchoolGrain>(schoolId).GetPupils()).ToDictionary(p => p.Upn, p => p.LegalName);
            var entries = await grains.GetGrain<IAdmissionRegisterGrain>(schoolId).List(upn);
            var missing = entries.Select(e => e.Upn).Where(u => !names.ContainsKey(u)).Distinct().ToList();
            foreach (var (left, details) in missing.Zip(await Task.WhenAll(missing.Select(u => grains.GetPupil(schoolId, u).GetDetails()))))
            {
                names[left] = details?.LegalName ?? left; // pupils no longer on roll keep their name in the register
            }

            return Results.Ok(entries.Select(e => new AdmissionLine(
                e.Upn, names.GetValueOrDefault(e.Upn), e.Kind, e.On, e.Ground, e.Ground is { } ground ? AdmissionEntry.Regulation(ground) : null, e.Note, e.By, e.At)));
        }).RequireAccess(Capability.ExportRegister).WithSummary("The admission register: every admission and deletion (with its ground), in the order made");

        school.MapPost("/pupils/{upn}/deletion", (string schoolId, string upn, DeletionRequest? request, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
            request?.LastDayOnRoll is not { } last || request.Ground is null
                ? Task.FromResult<IResult>(Problems.Invalid("A deletion needs the pupil's last day on roll (lastDayOnRoll, e.g. 2026-11-13) and the ground (see regulation 9(1), e.g. RegisteredAtAnotherSchool).", "lastDayOnRoll", "ground"))
                : Record(grains, schoolId, new AdmissionEntry(upn, AdmissionEntryKind.Deletion, last, request.Ground, request.Note, user.Staff(), clock.GetUtcNow())))
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("Delete a pupil's name from the admission register on one of regulation 9(1)'s grounds; their register stays, marks after their last day are refused");

        school.MapPost("/pupils/{upn}/admission", (string schoolId, string upn, ReadmissionRequest? request, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
            request?.StartingDay is not { } start
                ? Task.FromResult<IResult>(Problems.Invalid("A readmission needs the pupil's starting day (startingDay, e.g. 2026-11-16).", "startingDay"))
                : Record(grains, schoolId, new AdmissionEntry(upn, AdmissionEntryKind.Admission, start, null, request.Note, user.Staff(), clock.GetUtcNow())))
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("Readmit a pupil the school has had on roll before (new pupils join through the roster import)");

        return api;
    }

    /// <summary>
    /// The line first (the register), then the local authority's task and the class's roll. Each step can be
    /// repeated, so a request that failed part-way is finished by sending it again.
    /// </summary>
    private static async Task<IResult> Record(IGrainFactory grains, string schoolId, AdmissionEntry entry)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings)
        {
            return SchoolEndpoints.UnknownSchool(schoolId);
        }

        if (await school.FindClassOf(entry.Upn) is null || await grains.GetPupil(schoolId, entry.Upn).GetDetails() is not { } pupil)
        {
            return PupilEndpoints.UnknownPupil(schoolId, entry.Upn);
        }

        var outcome = await grains.GetGrain<IAdmissionRegisterGrain>(schoolId).Record(entry);
        if (outcome.Rejection is { } refused)
        {
            return refused.ToProblem();
        }

        await grains.GetGrain<IFollowUpGrain>(schoolId).Add([AdmissionReturnTasks.For(schoolId, outcome.Value!, pupil, settings)]);
        await school.RollChanged(entry.Upn);
        return Results.Ok(outcome.Value);
    }
}
