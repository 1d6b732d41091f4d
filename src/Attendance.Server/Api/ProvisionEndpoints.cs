using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Grains.Schools;
using Attendance.Server.Http;

namespace Attendance.Server.Api;

/// <summary>Enhanced provisions (seed 000): their settings, guest pupils, register, arrivals and absences.</summary>
public static class ProvisionEndpoints
{
    public static RouteGroupBuilder MapProvisions(this RouteGroupBuilder api)
    {
        var provisions = api.MapGroup("/provisions/{provisionId}").WithTags("Provisions");

        provisions.MapPut("/", async (string provisionId, SchoolSettings? settings, IGrainFactory grains) =>
        {
            if (SchoolEndpoints.Incomplete(settings) is { } incomplete)
            {
                return incomplete;
            }

            var provision = Provision(provisionId, grains);
            var existed = await provision.GetSettings() is not null;
            return (await provision.Configure(settings!)).ToResult(() => existed ? Results.Ok(settings) : Results.Created($"/api/provisions/{provisionId}", settings));
        }).RequireAccess(Capability.ManageProvision).WithSummary("Create a provision or change its settings (calendar, session times such as 09:30 and 12:30)");

        provisions.MapGet("/", async (string provisionId, IGrainFactory grains) =>
            await Provision(provisionId, grains).GetSettings() is { } settings ? Results.Ok(settings) : UnknownProvision(provisionId))
            .RequireAccess(Capability.Provision).WithSummary("A provision's settings");

        provisions.MapGet("/guests", async (string provisionId, ClaimsPrincipal user, IGrainFactory grains) =>
            await Known(provisionId, grains, async p => Results.Ok(PupilProjection.AtProvision(StaffUser.From(user), provisionId).Apply(await p.GetGuests()))))
            .RequireAccess(Capability.Provision).WithSummary("The provision's guest pupils and their placements");

        provisions.MapGet("/guests/{upn}", async (string provisionId, string upn, ClaimsPrincipal user, IGrainFactory grains, IPupilReads reads, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
            await Known(provisionId, grains, async p =>
            {
                if (await p.GetGuest(upn) is not { } view)
                {
                    return Problems.NotFound(RejectionReason.NotAGuest, $"Pupil {upn} is not a guest of provision '{provisionId}'.");
                }

                var projection = PupilProjection.AtProvision(StaffUser.From(user), provisionId);
                await reads.Reading(user, view.Guest.Placement.SchoolId, upn, PupilReadKind.GuestRecord, projection.Sees(PupilFields.Contacts), clock);
                return Results.Ok(projection.Apply(view));
            }))
            .RequireAccess(Capability.Provision).WithSummary("One guest across both settings: the provision's register and the referring school's attendance, persistent absence included");

        provisions.MapGet("/day", async (string provisionId, DateOnly? date, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
            await Known(provisionId, grains, async p =>
            {
                var settings = (await p.GetSettings())!;
                var local = settings.LocalTime(clock.GetUtcNow());
                var today = DateOnly.FromDateTime(local);
                var shown = settings.Calendar.IsSchoolDay(today) ? today : SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, local)?.Date ?? today;
                return Results.Ok(await p.GetDay(date ?? shown) is { } day ? PupilProjection.AtProvision(StaffUser.From(user), provisionId).Apply(day) : null);
            }))
            .RequireAccess(Capability.Provision).WithSummary("The provision's register for a day: by default today, or the last school day when the provision is closed today");

        provisions.MapPost("/arrivals", (string provisionId, GuestArrivalRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            request.Upn is null
                ? Task.FromResult<IResult>(Problems.Invalid("An arrival needs the pupil's upn.", "upn"))
                : Act(provisionId, grains, p => p.RecordArrival(new GuestArrival(request.Upn, request.ArrivedAt, user.Staff()))))
            .RequireAccess(Capability.Provision).WithSummary("A guest arrived: marked here, and at once the agreement code at the referring school");

        provisions.MapPost("/absences", (string provisionId, GuestAbsenceRequest request, ClaimsPrincipal user, IGrainFactory grains) =>
            request is { Upn: { } upn, Session: { } session, Code: { } code }
                ? Act(provisionId, grains, p => p.RecordAbsence(new GuestAbsence(upn, session, code, request.Reason ?? "", request.ParentSaysSchoolTold ?? false, user.Staff())))
                : Task.FromResult<IResult>(Problems.Invalid("An absence needs the upn, the session, a code and the reason given.", "upn", "session", "code", "reason")))
            .RequireAccess(Capability.Provision).WithSummary("A guest cannot attend: recorded here; the referring school gets N on its register and an alert to its attendance lead");

        // Only the pupil's own school places them with a provision: the provision's staff then see the pupil's contacts
        // and flags, so a provision may not choose its guests from the trust's roll.
        api.MapPut("/schools/{schoolId}/pupils/{upn}/placement", async (string schoolId, string upn, GuestPlacementRequest request, IGrainFactory grains) =>
        {
            if (request.ProvisionId is null || request.Schedule is null || request.Schedule.Any(s => s is null))
            {
                return Problems.Invalid("A placement needs the provisionId and a schedule of sessions (day and part, e.g. Tuesday AM).", "provisionId", "schedule");
            }

            var placement = new GuestPlacement(schoolId, upn, new GuestSchedule(request.Schedule), request.AgreementCode ?? "B");
            return await IfUnknown(request.ProvisionId, grains)
                ?? (await Provision(request.ProvisionId, grains).PlaceGuest(placement)).ToResult(() => Results.Ok(placement));
        }).RequireAccess(Capability.PlaceGuest).WithTags("Provisions")
            .WithSummary("Place one of the school's pupils with a provision as a guest, or change their schedule and agreement code");

        return api;
    }

    public static IProvisionGrain Provision(string provisionId, IGrainFactory grains) => grains.GetGrain<IProvisionGrain>(provisionId);

    public static IResult UnknownProvision(string provisionId) => Refusals.UnknownProvision(provisionId);

    /// <summary>The unknown-provision problem when there is no such provision, else null.</summary>
    public static async Task<IResult?> IfUnknown(string provisionId, IGrainFactory grains) =>
        await Provision(provisionId, grains).GetSettings() is null ? UnknownProvision(provisionId) : null;

    private static async Task<IResult> Known(string provisionId, IGrainFactory grains, Func<IProvisionGrain, Task<IResult>> then) =>
        await IfUnknown(provisionId, grains) ?? await then(Provision(provisionId, grains));

    private static async Task<IResult> Act(string provisionId, IGrainFactory grains, Func<IProvisionGrain, Task<Outcome<RegisterEntry>>> action) =>
        (await action(Provision(provisionId, grains))).ToResult();
}
