using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Provisions;

/// <summary>Enhanced provisions (seed 000): their settings, guest pupils, register, arrivals and absences; and a school placing its pupil with one.</summary>
public static class ProvisionsApi
{
    public static IEndpointRouteBuilder MapProvisionsApi(this IEndpointRouteBuilder app)
    {
        var provisions = app.MapGroup("/api/provisions/{provisionId}").WithTags("Provisions");

        provisions.MapPut("/", ConfigureProvision)
            .RequireAccess(Capability.ManageProvision)
            .WithSummary("Create a provision or change its settings (calendar, session times such as 09:30 and 12:30)");

        provisions.MapGet("/", GetProvision)
            .RequireAccess(Capability.Provision)
            .WithSummary("A provision's settings");

        provisions.MapGet("/guests", ListGuests)
            .ForKnownProvision()
            .RequireAccess(Capability.Provision)
            .WithSummary("The provision's guest pupils and their placements");

        provisions.MapGet("/guests/{upn}", GetGuest)
            .ForKnownProvision()
            .RequireAccess(Capability.Provision)
            .WithSummary("One guest across both settings: the provision's register and the referring school's attendance, persistent absence included");

        provisions.MapGet("/day", GetDay)
            .ForKnownProvision()
            .RequireAccess(Capability.Provision)
            .WithSummary("The provision's register for a day: by default today, or the last school day when the provision is closed today");

        provisions.MapPost("/arrivals", RecordArrival)
            .RequireAccess(Capability.Provision)
            .WithSummary("A guest arrived: marked here, and at once the agreement code at the referring school");

        provisions.MapPost("/absences", RecordAbsence)
            .RequireAccess(Capability.Provision)
            .WithSummary("A guest cannot attend: recorded here; the referring school gets N on its register and an alert to its attendance lead");

        // Only the pupil's own school places them with a provision: the provision's staff then see the pupil's contacts
        // and flags, so a provision may not choose its guests from the trust's roll.
        app.MapPut("/api/schools/{schoolId}/pupils/{upn}/placement", PlaceGuest)
            .RequireAccess(Capability.PlaceGuest)
            .ForKnownSchool()
            .WithTags("Provisions")
            .WithSummary("Place one of the school's pupils with a provision as a guest, or change their schedule and agreement code");

        return app;
    }

    /// <summary>200 with the settings when the provision existed, 201 Created when this made it.</summary>
    public static async Task<Results<Ok<SchoolSettings>, Created<SchoolSettings>, ProblemHttpResult>> ConfigureProvision(
        string provisionId, SchoolSettings? settings, IGrainFactory grains)
    {
        if (Refusals.Incomplete(settings) is { } incomplete)
        {
            return incomplete;
        }

        var provision = Provision(grains, provisionId);
        var existed = await provision.GetSettings() is not null;
        if ((await provision.Configure(settings!)).Rejection is { } refused)
        {
            return refused.ToProblem();
        }

        return existed ? TypedResults.Ok(settings!) : TypedResults.Created($"/api/provisions/{provisionId}", settings!);
    }

    public static async Task<Results<Ok<SchoolSettings>, ProblemHttpResult>> GetProvision(string provisionId, IGrainFactory grains) =>
        await Provision(grains, provisionId).GetSettings() is { } settings ? TypedResults.Ok(settings) : Refusals.UnknownProvision(provisionId);

    public static async Task<Ok<IReadOnlyList<Guest>>> ListGuests(string provisionId, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(PupilProjection.AtProvision(StaffUser.From(user), provisionId).Apply(await Provision(grains, provisionId).GetGuests()));

    public static async Task<Results<Ok<GuestView>, ProblemHttpResult>> GetGuest(
        string provisionId, string upn, ClaimsPrincipal user, IGrainFactory grains, IPupilReads reads, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        if (await Provision(grains, provisionId).GetGuest(upn) is not { } view)
        {
            return Problems.NotFound(RejectionReason.NotAGuest, $"Pupil {upn} is not a guest of provision '{provisionId}'.");
        }

        var projection = PupilProjection.AtProvision(StaffUser.From(user), provisionId);
        await reads.Reading(user, view.Guest.Placement.SchoolId, upn, PupilReadKind.GuestRecord, projection.Sees(PupilFields.Contacts), clock);
        return TypedResults.Ok(projection.Apply(view));
    }

    /// <summary>The day's register, or an empty 200 when the provision has none for that day.</summary>
    public static async Task<Ok<ProvisionDay?>> GetDay(
        string provisionId, DateOnly? date, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var provision = Provision(grains, provisionId);
        var settings = (await provision.GetSettings())!;
        var local = settings.LocalTime(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(local);
        var shown = settings.Calendar.IsSchoolDay(today) ? today : SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, local)?.Date ?? today;
        var day = await provision.GetDay(date ?? shown);
        return TypedResults.Ok<ProvisionDay?>(day is null ? null : PupilProjection.AtProvision(StaffUser.From(user), provisionId).Apply(day));
    }

    public static async Task<Results<Ok<RegisterEntry>, ProblemHttpResult>> RecordArrival(
        string provisionId, GuestArrivalRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request.Upn is null)
        {
            return Problems.Invalid("An arrival needs the pupil's upn.", "upn");
        }

        return (await Provision(grains, provisionId).RecordArrival(new GuestArrival(request.Upn, request.ArrivedAt, user.Staff()))).ToResult();
    }

    public static async Task<Results<Ok<RegisterEntry>, ProblemHttpResult>> RecordAbsence(
        string provisionId, GuestAbsenceRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request is not { Upn: { } upn, Session: { } session, Code: { } code })
        {
            return Problems.Invalid("An absence needs the upn, the session, a code and the reason given.", "upn", "session", "code", "reason");
        }

        return (await Provision(grains, provisionId).RecordAbsence(
            new GuestAbsence(upn, session, code, request.Reason ?? "", request.ParentSaysSchoolTold ?? false, user.Staff()))).ToResult();
    }

    public static async Task<Results<Ok<GuestPlacement>, ProblemHttpResult>> PlaceGuest(
        string schoolId, string upn, GuestPlacementRequest request, IGrainFactory grains)
    {
        if (request.ProvisionId is null || request.Schedule is null || request.Schedule.Any(s => s is null))
        {
            return Problems.Invalid("A placement needs the provisionId and a schedule of sessions (day and part, e.g. Tuesday AM).", "provisionId", "schedule");
        }

        var provision = Provision(grains, request.ProvisionId);
        if (await provision.GetSettings() is null)
        {
            return Refusals.UnknownProvision(request.ProvisionId);
        }

        var placement = new GuestPlacement(schoolId, upn, new GuestSchedule(request.Schedule), request.AgreementCode ?? "B");
        return (await provision.PlaceGuest(placement)).Rejection is { } refused ? refused.ToProblem() : TypedResults.Ok(placement);
    }

    private static IProvisionGrain Provision(IGrainFactory grains, string provisionId) => grains.GetGrain<IProvisionGrain>(provisionId);

    /// <summary>
    /// A provision that does not exist is answered 404 <c>unknown-provision</c> before the handler runs (access was
    /// checked first), like <see cref="KnownSchools.ForKnownSchool{TBuilder}"/> for a school.
    /// </summary>
    private static RouteHandlerBuilder ForKnownProvision(this RouteHandlerBuilder builder) => builder
        .AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var id = (string)http.GetRouteValue("provisionId")!;
            if (await Provision(http.RequestServices.GetRequiredService<IGrainFactory>(), id).GetSettings() is null)
            {
                return Refusals.UnknownProvision(id);
            }

            return await next(context);
        })
        .ProducesProblem(StatusCodes.Status404NotFound);
}
