using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Admissions;

/// <summary>
/// The admission register (2024 regulations): read it, delete a pupil's name on a ground, readmit a pupil. New pupils
/// are admitted by the roster import. Each line is kept for good, with who made it; the school records it, raises the
/// local authority's return as a follow-up task, and the pupil's class has a line for them only on the days they are
/// on roll (<see cref="ISchoolGrain.RecordAdmission"/>).
/// </summary>
public static class AdmissionsApi
{
    public static IEndpointRouteBuilder MapAdmissionsApi(this IEndpointRouteBuilder app)
    {
        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("Admission register").ForKnownSchool();

        school.MapGet("/admission-register", GetAdmissionRegister)
            .RequireAccess(Capability.ExportRegister)
            .WithSummary("The admission register: every admission and deletion (with its ground), in the order made");

        school.MapPost("/pupils/{upn}/deletion", DeletePupil)
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("Delete a pupil's name from the admission register on one of regulation 9(1)'s grounds; their register stays, marks after their last day are refused");

        school.MapPost("/pupils/{upn}/admission", ReadmitPupil)
            .RequireAccess(Capability.ManageSchool)
            .WithSummary("Readmit a pupil the school has had on roll before (new pupils join through the roster import)");

        return app;
    }

    /// <param name="upn">Only this pupil's lines.</param>
    public static async Task<Ok<List<AdmissionLine>>> GetAdmissionRegister(string schoolId, string? upn, KnownSchool school, IGrainFactory grains)
    {
        var names = (await grains.GetGrain<ISchoolGrain>(school.Id).GetPupils()).ToDictionary(p => p.Upn, p => p.LegalName);
        var entries = await grains.GetGrain<IAdmissionRegisterGrain>(school.Id).List(upn);
        var missing = entries.Select(e => e.Upn).Where(u => !names.ContainsKey(u)).Distinct().ToList();
        foreach (var (left, details) in missing.Zip(await Task.WhenAll(missing.Select(u => grains.GetPupil(school.Id, u).GetDetails()))))
        {
            names[left] = details?.LegalName ?? left; // pupils no longer on roll keep their name in the register
        }

        return TypedResults.Ok(entries.Select(e => new AdmissionLine(
            e.Upn, names.GetValueOrDefault(e.Upn), e.Kind, e.On, e.Ground, e.Ground is { } ground ? AdmissionEntry.Regulation(ground) : null, e.Note, e.By, e.At)).ToList());
    }

    public static async Task<Results<Ok<AdmissionEntry>, ProblemHttpResult>> DeletePupil(
        string schoolId, string upn, DeletionRequest? request, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (request?.LastDayOnRoll is not { } last || request.Ground is not { } ground)
        {
            return Problems.Invalid("A deletion needs the pupil's last day on roll (lastDayOnRoll, e.g. 2026-11-13) and the ground (see regulation 9(1), e.g. RegisteredAtAnotherSchool).", "lastDayOnRoll", "ground");
        }

        return await grains.GetGrain<ISchoolGrain>(school.Id)
            .RecordAdmission(new AdmissionEntry(upn, AdmissionEntryKind.Deletion, last, ground, request.Note, user.Staff(), clock.GetUtcNow())).ToResult();
    }

    public static async Task<Results<Ok<AdmissionEntry>, ProblemHttpResult>> ReadmitPupil(
        string schoolId, string upn, ReadmissionRequest? request, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains,
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (request?.StartingDay is not { } start)
        {
            return Problems.Invalid("A readmission needs the pupil's starting day (startingDay, e.g. 2026-11-16).", "startingDay");
        }

        return await grains.GetGrain<ISchoolGrain>(school.Id)
            .RecordAdmission(new AdmissionEntry(upn, AdmissionEntryKind.Admission, start, null, request.Note, user.Staff(), clock.GetUtcNow())).ToResult();
    }
}
