using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

public static class PupilEndpoints
{
    public static RouteGroupBuilder MapPupils(this RouteGroupBuilder api)
    {
        var pupils = api.MapGroup("/schools/{schoolId}/pupils/{upn}").WithTags("Pupils").RequireAccess(Capability.ViewPupil);

        pupils.MapGet("/", async (string schoolId, string upn, ClaimsPrincipal user, IGrainFactory grains, IPupilReads reads, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            if (await grains.GetGrain<ISchoolGrain>(schoolId).GetSettings() is not { } settings)
            {
                return SchoolEndpoints.UnknownSchool(schoolId);
            }

            var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
            if (await grains.GetPupil(schoolId, upn).GetSummary(today, settings.Calendar.SchoolWeek(today)) is not { } summary)
            {
                return UnknownPupil(schoolId, upn);
            }

            var projection = PupilProjection.AtSchool(StaffUser.From(user), schoolId);
            await reads.Reading(user, schoolId, upn, PupilReadKind.PupilRecord, projection.Sees(PupilFields.Contacts), clock);
            return Results.Ok(projection.Apply(summary));
        }).WithSummary("A pupil's attendance this year (tallies, percentage, rolling unauthorised count) and today's marks");

        pupils.MapGet("/sessions/{session}", async (string schoolId, string upn, string session, IGrainFactory grains) =>
        {
            if (!Session.TryParse(session, out var parsed))
            {
                return RegisterEndpoints.BadSession(session);
            }

            var pupil = grains.GetPupil(schoolId, upn);
            return await pupil.GetDetails() is null
                ? UnknownPupil(schoolId, upn)
                : Results.Ok(await pupil.GetHistory(parsed));
        }).WithSummary("Every entry for one session of a pupil: the original mark and each amendment");

        return api;
    }

    public static IResult UnknownPupil(string schoolId, string upn) => Refusals.UnknownPupil(schoolId, upn);
}
