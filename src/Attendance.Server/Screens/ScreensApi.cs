using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Screens;

/// <summary>
/// The staff screens' reads: each page's first paint comes from one of these answers (one round trip on a
/// classroom's Wi-Fi), shaped for what the signed-in role may see. Every write goes through the ordinary API.
/// </summary>
public static class ScreensApi
{
    public static IEndpointRouteBuilder MapScreensApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Screens");

        api.MapGet("/me", GetMe)
            .WithSummary("The signed-in user, their schools, the pages of their menu, what they may do, and the page their morning starts on (a parent: their children's page)");

        var school = api.MapGroup("/schools/{schoolId}").ForKnownSchool();

        school.MapGet("/registers/today", GetTodaysRegisters)
            .RequireAccess(Capability.SchoolInfo)
            .WithSummary("Today's (or date's) AM and PM registers of the classes the user may take or see, with their state, and the last school day before it");

        school.MapGet("/classes/{classId}/registers/{session}/sheet", GetRegisterSheet)
            .RequireAccess(Capability.ViewClass)
            .WithSummary("A register screen's first paint: the class register, the codes this user may record and the session's window");

        school.MapGet("/pupils", GetPupils)
            .RequireAccess(Capability.ViewSchool)
            .WithSummary("Every pupil on roll (name, legal name, UPN, class), for finding a pupil as you type");

        school.MapGet("/pupils/{upn}/year", GetPupilYear)
            .RequireAccess(Capability.ViewPupil)
            .WithSummary("A pupil's academic year for the pupil page (this year, or ?year=2025/26): details, figures, band, calendar, every entry, and alerts and tasks for roles that see them");

        return app;
    }

    /// <summary>Signed in with the page session (no <c>Authorization</c> header) or with a bearer token.</summary>
    public static async Task<Ok<Me>> GetMe(ClaimsPrincipal principal, HttpRequest request, ScreensService screens) =>
        TypedResults.Ok(await screens.Me(principal, session: request.Headers.Authorization.Count == 0));

    public static async Task<Ok<TodaysRegisters>> GetTodaysRegisters(DateOnly? date, KnownSchool school, ClaimsPrincipal principal, ScreensService screens) =>
        TypedResults.Ok(await screens.TodaysRegisters(school, StaffUser.From(principal), date));

    public static async Task<Results<Ok<RegisterSheet>, ProblemHttpResult>> GetRegisterSheet(
        string classId, string session, KnownSchool school, ClaimsPrincipal principal, ScreensService screens)
    {
        if (!Session.TryParse(session, out var parsed))
        {
            return Refusals.BadSession(session);
        }

        return await screens.RegisterSheet(school, classId, parsed, StaffUser.From(principal)) is { } sheet
            ? TypedResults.Ok(sheet)
            : Refusals.UnknownClass(school.Id, classId);
    }

    public static async Task<Ok<IReadOnlyList<PupilListing>>> GetPupils(KnownSchool school, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ISchoolGrain>(school.Id).GetPupils());

    /// <param name="year">An academic year ("2025/26"); this year when absent.</param>
    public static async Task<Results<Ok<PupilYear>, ProblemHttpResult>> GetPupilYear(
        string upn, string? year, KnownSchool school, ClaimsPrincipal principal, ScreensService screens)
    {
        if (AcademicYearQuery.Read(year, out var shown) is { } invalid)
        {
            return invalid;
        }

        return await screens.PupilYear(school, upn, principal, shown) is { } view
            ? TypedResults.Ok(view)
            : Refusals.UnknownPupil(school.Id, upn);
    }
}
