using System.Security.Claims;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Site;

/// <summary>
/// Who is on site: the office signs pupils out early and back in, everyone at the school's desk sees who is on site
/// now, and in an emergency the office or a senior leader starts a roll call that every member of staff with a group
/// works through on their phone.
/// </summary>
public static class SiteApi
{
    public static IEndpointRouteBuilder MapSiteApi(this IEndpointRouteBuilder app)
    {
        var school = app.MapGroup("/api/schools/{schoolId}").WithTags("On site").ForKnownSchool();

        school.MapGet("/site", OnSiteNow).RequireAccess(Capability.ViewSchool)
            .WithSummary("Every pupil on roll today with where they are now: on site, no mark yet, signed out (with the sign-out) or not in, and any lesson missed");

        school.MapGet("/sign-outs", SignOuts).RequireAccess(Capability.ViewSchool)
            .WithSummary("The sign-out book of a day (?date=yyyy-MM-dd, today by default): who left when, why, who collected them, and when they came back");

        school.MapPost("/sign-outs", SignOut).RequireAccess(Capability.RecordArrival)
            .WithSummary("Sign a pupil out early: the sessions of today they have not been registered in get the reason's code (M for an appointment, I for illness) or the one given");

        school.MapPost("/sign-ins", SignIn).RequireAccess(Capability.RecordArrival)
            .WithSummary("Sign a pupil back in: sessions their sign-out coded whose register is still open are amended to the arrival's code (present, L or U by the time)");

        school.MapGet("/roll-calls", RollCalls).RequireAccess(Capability.ViewSchool)
            .WithSummary("The roll calls held, latest first: who started and ended each, and how many of those expected were accounted for");

        school.MapPost("/roll-calls", StartRollCall).RequireAccess(Capability.StartRollCall)
            .WithSummary("Start an emergency roll call of everyone who should be on site now (a roll call already under way is answered instead)");

        school.MapGet("/roll-calls/current", CurrentRollCall).RequireAccess(Capability.RollCall)
            .WithSummary("The roll call under way, if any (a teacher's or head of year's: their groups' pupils only), and whether you may start one");

        school.MapGet("/roll-calls/{rollCallId}", GetRollCall).RequireAccess(Capability.RollCall)
            .WithSummary("One roll call with who accounted for each pupil and when (a teacher's or head of year's: their groups' pupils only)");

        school.MapPut("/roll-calls/{rollCallId}/pupils/{upn}", (string rollCallId, string upn, KnownSchool known, ClaimsPrincipal user, IGrainFactory grains) =>
                Account(rollCallId, upn, accounted: true, known, user, grains))
            .RequireAccess(Capability.RollCall)
            .WithSummary("The pupil is accounted for (a teacher: a pupil of their groups)");

        school.MapDelete("/roll-calls/{rollCallId}/pupils/{upn}", (string rollCallId, string upn, KnownSchool known, ClaimsPrincipal user, IGrainFactory grains) =>
                Account(rollCallId, upn, accounted: false, known, user, grains))
            .RequireAccess(Capability.RollCall)
            .WithSummary("Undo: the pupil is not accounted for after all (tapped by mistake)");

        school.MapPost("/roll-calls/{rollCallId}/end", EndRollCall).RequireAccess(Capability.StartRollCall)
            .WithSummary("End the roll call: it is kept as it stood, with whoever was still missing");

        return app;
    }

    public static async Task<Ok<SiteNow>> OnSiteNow(KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(PupilProjection.AtSchool(StaffUser.From(user), school.Id).Apply(await Site(grains, school).Now()));

    public static async Task<Results<Ok<IReadOnlyList<SignOutRecord>>, ProblemHttpResult>> SignOuts(
        string? date, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        DateOnly day;
        if (date is null)
        {
            day = DateOnly.FromDateTime(school.Settings.LocalTime(clock.GetUtcNow()));
        }
        else if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", out day))
        {
            return Problems.Invalid($"'{date}' is not a date: give it as yyyy-MM-dd (e.g. 2026-12-04).", "date");
        }

        return TypedResults.Ok(PupilProjection.AtSchool(StaffUser.From(user), school.Id).Apply(await Site(grains, school).SignOuts(day)));
    }

    public static async Task<Results<Ok<SignOutRecord>, ProblemHttpResult>> SignOut(SignOutRequest? request, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (request?.Upn is not { } upn || request.Reason is not { } reason)
        {
            return Problems.Invalid("A sign-out needs the pupil's upn, a reason (Appointment, Illness or Other) and who collected them.", "upn", "reason", "collectedBy");
        }

        return (await Site(grains, school).SignOut(new EarlySignOut(upn, reason, request.Details, request.CollectedBy ?? "", request.Code, user.Staff()))).ToResult();
    }

    public static async Task<Results<Ok<SignOutRecord>, ProblemHttpResult>> SignIn(SignInRequest? request, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        request?.Upn is { } upn
            ? (await Site(grains, school).SignIn(upn, user.Staff())).ToResult()
            : Problems.Invalid("Signing back in needs the pupil's upn.", "upn");

    public static async Task<Ok<IReadOnlyList<RollCallSummary>>> RollCalls(KnownSchool school, IGrainFactory grains)
    {
        var held = await Task.WhenAll((await Site(grains, school).RollCalls()).Select(id => RollCall(grains, school, id).Get()));
        return TypedResults.Ok<IReadOnlyList<RollCallSummary>>([.. held.OfType<RollCall>().Select(RollCallSummary.Of)]);
    }

    public static async Task<Results<Ok<RollCall>, ProblemHttpResult>> StartRollCall(KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        (await Site(grains, school).StartRollCall(user.Staff())).ToResult(rollCall => TypedResults.Ok(Seen(StaffUser.From(user), school, rollCall)));

    public static async Task<Ok<RollCallNow>> CurrentRollCall(KnownSchool school, ClaimsPrincipal user, IGrainFactory grains)
    {
        var staff = StaffUser.From(user);
        var current = await Site(grains, school).CurrentRollCall() is { } id ? await RollCall(grains, school, id).Get() : null;
        return TypedResults.Ok(new RollCallNow(current is null ? null : Seen(staff, school, current), AccessRules.Allows(staff, Capability.StartRollCall, school.Id)));
    }

    public static async Task<Results<Ok<RollCall>, ProblemHttpResult>> GetRollCall(string rollCallId, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        await RollCall(grains, school, rollCallId).Get() is { } rollCall
            ? TypedResults.Ok(Seen(StaffUser.From(user), school, rollCall))
            : UnknownRollCall(school, rollCallId);

    public static async Task<Results<Ok<RollCallLine>, ProblemHttpResult>> Account(
        string rollCallId, string upn, bool accounted, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        (await RollCall(grains, school, rollCallId).Account(upn, accounted, user.Staff()))
            .ToResult(line => TypedResults.Ok(PupilProjection.AtSchool(StaffUser.From(user), school.Id).Apply(line)));

    public static async Task<Results<Ok<RollCall>, ProblemHttpResult>> EndRollCall(string rollCallId, KnownSchool school, ClaimsPrincipal user, IGrainFactory grains) =>
        (await Site(grains, school).EndRollCall(rollCallId, user.Staff())).ToResult(rollCall => TypedResults.Ok(Seen(StaffUser.From(user), school, rollCall)));

    /// <summary>The roll call as the reader may see it: the classes they see, through the projection.</summary>
    private static RollCall Seen(StaffUser user, KnownSchool school, RollCall rollCall) =>
        PupilProjection.AtSchool(user, school.Id).Apply(rollCall.For(AccessRules.ClassesSeen(user, Capability.RollCall, school.Id)));

    private static ProblemHttpResult UnknownRollCall(KnownSchool school, string id) =>
        Problems.NotFound(RejectionReason.UnknownRollCall, $"School '{school.Id}' has held no roll call '{id}'. GET /api/schools/{school.Id}/roll-calls lists those held.");

    private static ISiteGrain Site(IGrainFactory grains, KnownSchool school) => grains.GetGrain<ISiteGrain>(school.Id);

    private static IRollCallGrain RollCall(IGrainFactory grains, KnownSchool school, string id) => grains.GetRollCall(school.Id, id);
}
