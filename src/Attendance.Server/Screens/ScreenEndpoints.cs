using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using Attendance.Grains.Schools;

namespace Attendance.Server.Screens;

/// <summary>
/// The staff screens' reads: each page's first paint comes from one of these answers (one round trip on a
/// classroom's Wi-Fi), shaped for what the signed-in role may see. Every write goes through the ordinary API.
/// </summary>
public static class ScreenEndpoints
{
    public static RouteGroupBuilder MapScreens(this RouteGroupBuilder api)
    {
        api.MapGet("/me", async (ClaimsPrincipal principal, HttpRequest request, IGrainFactory grains) =>
        {
            var session = request.Headers.Authorization.Count == 0;
            if (ParentUser.From(principal) is { } parent)
            {
                return new Me(parent.Name, "Parent", [ParentUser.Role], [], [], [], "parent.html", Pages.ForParent, [], session);
            }

            var user = StaffUser.From(principal);
            var schools = (await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools())
                .Where(s => AccessRules.Allows(user, Capability.SchoolInfo, s.SchoolId))
                .ToList();
            return new Me(user.Name, user.Position, [.. user.Roles.Order().Select(r => r.ClaimValue())], schools,
                [.. user.Groups.Order()], [.. user.Provisions.Order()], StartPage.For(user), Pages.For(user), Pages.Capabilities(user), session);
        }).WithTags("Screens").WithSummary("The signed-in user, their schools, the pages of their menu, what they may do, and the page their morning starts on (a parent: their children's page)");

        var school = api.MapGroup("/schools/{schoolId}").WithTags("Screens");

        school.MapGet("/registers/today", async (string schoolId, DateOnly? date, ClaimsPrincipal principal, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            var grain = grains.GetGrain<ISchoolGrain>(schoolId);
            if (await grain.GetSettings() is not { } settings)
            {
                return SchoolEndpoints.UnknownSchool(schoolId);
            }

            var user = StaffUser.From(principal);
            var now = settings.LocalTime(clock.GetUtcNow());
            var today = date ?? DateOnly.FromDateTime(now);
            var before = today.ToDateTime(TimeOnly.MinValue).AddTicks(-1);
            var lastSchoolDay = SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, before < now ? before : now)?.Date;
            var classes = (await grain.GetClasses()).Where(c => AccessRules.Allows(user, Capability.ViewClass, schoolId, c.Id));
            var rows = await Task.WhenAll(classes.Select(async c =>
            {
                var times = settings.TimesFor(c.Phase);
                var registers = await Task.WhenAll(new[] { SessionPart.AM, SessionPart.PM }.Select(async part =>
                {
                    var session = new Session(today, part);
                    var open = settings.Calendar.IsOpen(session);
                    var state = open ? (await grains.GetClass(schoolId, c.Id).GetStatus(session))?.State : null;
                    return new TodaysRegister(session, open, times.For(part), state);
                }));
                return new TodaysClass(c.Id, c.Name, registers);
            }));
            return Results.Ok(new TodaysRegisters(schoolId, settings.Name, today, now, settings.InstantOf(now).ToString("zzz"), lastSchoolDay, rows));
        }).RequireAccess(Capability.SchoolInfo).WithSummary("Today's (or date's) AM and PM registers of the classes the user may take or see, with their state, and the last school day before it");

        school.MapGet("/classes/{classId}/registers/{session}/sheet", async (
            string schoolId, string classId, string session, ClaimsPrincipal principal, IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) =>
        {
            if (!Session.TryParse(session, out var parsed))
            {
                return RegisterEndpoints.BadSession(session);
            }

            var grain = grains.GetGrain<ISchoolGrain>(schoolId);
            if (await grain.GetSettings() is not { } settings || await grain.GetPolicy() is not { } inForce)
            {
                return SchoolEndpoints.UnknownSchool(schoolId);
            }

            if (await grains.GetClass(schoolId, classId).GetRegister(parsed) is not { } register)
            {
                return RegisterEndpoints.UnknownClass(schoolId, classId);
            }

            var user = StaffUser.From(principal);
            var phase = (await grain.GetClasses()).FirstOrDefault(c => c.Id == classId)?.Phase;
            return Results.Ok(new RegisterSheet(settings.Name, PupilProjection.AtSchool(user, schoolId).Apply(register), StaffView.Codes(user, inForce.Policy, parsed.Part),
                settings.TimesFor(phase).For(parsed.Part), settings.LocalTime(clock.GetUtcNow())));
        }).RequireAccess(Capability.ViewClass).WithSummary("A register screen's first paint: the class register, the codes this user may record and the session's window");

        school.MapGet("/pupils", async (string schoolId, IGrainFactory grains) =>
            await SchoolEndpoints.IfUnknown(schoolId, grains) ?? Results.Ok(await grains.GetGrain<ISchoolGrain>(schoolId).GetPupils()))
            .RequireAccess(Capability.ViewSchool).WithSummary("Every pupil on roll (name, legal name, UPN, class), for finding a pupil as you type");

        school.MapGet("/pupils/{upn}/year", PupilYearView.Get)
            .RequireAccess(Capability.ViewPupil)
            .WithSummary("A pupil's year for the pupil page: details, figures, band, calendar, every entry, and alerts and tasks for roles that see them");

        return api;
    }
}
