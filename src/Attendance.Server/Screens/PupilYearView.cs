using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Attendance.Server.Api;
using Attendance.Grains.Schools;

namespace Attendance.Server.Screens;

/// <summary>The pupil page's one answer: the pupil's year as the signed-in role may see it.</summary>
public static class PupilYearView
{
    public static async Task<IResult> Get(
        string schoolId, string upn, ClaimsPrincipal principal, IGrainFactory grains, IPupilReads reads, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
    {
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        if (await school.GetSettings() is not { } settings || await school.GetPolicy() is not { } inForce)
        {
            return SchoolEndpoints.UnknownSchool(schoolId);
        }

        var pupil = grains.GetPupil(schoolId, upn);
        if (await pupil.GetDetails() is not { } details)
        {
            return PupilEndpoints.UnknownPupil(schoolId, upn);
        }

        var user = StaffUser.From(principal);
        var calendar = settings.Calendar;
        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var summaryTask = pupil.GetSummary(today, calendar.SchoolWeek(today));
        var entriesTask = pupil.GetEntries();
        var standingTask = pupil.GetStanding();
        var classesTask = school.GetClasses();
        var alertsTask = IfAllowed(user, Capability.Alerts, schoolId, () => grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Upn: upn)));
        var tasksTask = IfAllowed(user, Capability.FollowUp, schoolId, () => grains.GetGrain<IFollowUpGrain>(schoolId).List(new TaskQuery(IncludeClosed: true, Upn: upn)));
        var lettersTask = IfAllowed(user, Capability.FollowUp, schoolId, () => grains.GetGrain<ILetterBookGrain>(schoolId).List(upn));
        var caseworkTask = IfAllowed(user, Capability.FollowUp, schoolId, () => grains.GetGrain<ICaseworkGrain>(schoolId).List(upn));
        var previousTask = grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List();
        await Task.WhenAll(summaryTask, entriesTask, standingTask, classesTask, alertsTask, tasksTask, lettersTask, caseworkTask, previousTask);

        var entries = entriesTask.Result;

        var className = classesTask.Result.FirstOrDefault(c => c.Id == details.RegistrationGroup)?.Name ?? details.RegistrationGroup;
        var projection = PupilProjection.AtSchool(user, schoolId);
        await reads.Reading(principal, schoolId, upn, PupilReadKind.PupilPage, projection.Sees(PupilFields.Contacts), clock);
        return Results.Ok(projection.Apply(new PupilYear(
            details, className, summaryTask.Result!.Attendance, PupilCalendar.Standing(inForce.Policy, standingTask.Result),
            PupilCalendar.Calendar(calendar, entries), entries, alertsTask.Result, tasksTask.Result, lettersTask.Result, caseworkTask.Result, previousTask.Result)));
    }

    /// <summary>What only some roles see: loaded for them, null for the others.</summary>
    private static async Task<T?> IfAllowed<T>(StaffUser user, Capability capability, string schoolId, Func<Task<T>> load)
        where T : class => AccessRules.Allows(user, capability, schoolId) ? await load() : null;
}
