using System.Security.Claims;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Screens;

/// <summary>
/// The screens' answers assembled from several grains, each shaped for what the signed-in role may see: who is signed
/// in, today's registers, a register sheet, and the pupil page's year (whose read is recorded).
/// </summary>
public sealed class ScreensService(IGrainFactory grains, IPupilReads reads, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
{
    /// <param name="session">Signed in with the page session (the trust's sign-in) rather than a bearer token.</param>
    public async Task<Me> Me(ClaimsPrincipal principal, bool session)
    {
        if (ParentUser.From(principal) is { } parent)
        {
            return new Me(parent.Name, "Parent", [ParentUser.Role], [], [], [], "parent.html", Pages.ForParent, [], session);
        }

        var user = StaffUser.From(principal);
        var schools = (await grains.GetGrain<ISchoolDirectoryGrain>(ISchoolDirectoryGrain.Key).GetSchools())
            .Where(s => AccessRules.Allows(user, Capability.SchoolInfo, s.SchoolId))
            .ToList();
        var lessons = user.Schools.Order().FirstOrDefault() is { } first && await grains.GetGrain<ITimetableGrain>(first).Get() is not null;
        return new Me(user.Name, user.Position, [.. user.Roles.Order().Select(r => r.ClaimValue())], schools,
            [.. user.Groups.Order()], [.. user.Provisions.Order()], StartPage.For(user), Pages.For(user, lessons), Pages.Capabilities(user), session);
    }

    /// <summary>The AM and PM registers of <paramref name="date"/> (default: the school's today) of the classes the user may see.</summary>
    public async Task<TodaysRegisters> TodaysRegisters(KnownSchool school, StaffUser user, DateOnly? date)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        var now = settings.LocalTime(clock.GetUtcNow());
        var today = date ?? DateOnly.FromDateTime(now);
        var before = today.ToDateTime(TimeOnly.MinValue).AddTicks(-1);
        var lastSchoolDay = SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, before < now ? before : now)?.Date;
        var classes = (await grains.GetGrain<ISchoolGrain>(schoolId).GetClasses()).Where(c => AccessRules.Allows(user, Capability.ViewClass, schoolId, c.Id));
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
        return new TodaysRegisters(schoolId, settings.Name, today, now, settings.InstantOf(now).ToString("zzz"), lastSchoolDay, rows);
    }

    /// <summary>The register screen's first paint; null when the school has no such class.</summary>
    public async Task<RegisterSheet?> RegisterSheet(KnownSchool school, string classId, Session session, StaffUser user)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        var policy = await Policy(schoolId);
        if (await grains.GetClass(schoolId, classId).GetRegister(session) is not { } register)
        {
            return null;
        }

        var phase = (await grains.GetGrain<ISchoolGrain>(schoolId).GetClasses()).FirstOrDefault(c => c.Id == classId)?.Phase;
        return new RegisterSheet(settings.Name, PupilProjection.AtSchool(user, schoolId).Apply(register), StaffView.Codes(user, policy, session.Part),
            settings.TimesFor(phase).For(session.Part), settings.LocalTime(clock.GetUtcNow()));
    }

    /// <summary>
    /// The pupil page's one answer: the pupil's year as the signed-in role may see it (the read is recorded first);
    /// null when no such pupil is on roll.
    /// </summary>
    /// <param name="year">The academic year to show; this year when null. A past year is shown as it stood at its end.</param>
    public async Task<PupilYear?> PupilYear(KnownSchool school, string upn, ClaimsPrincipal principal, AcademicYear? year = null)
    {
        var (schoolId, settings) = (school.Id, school.Settings);
        var policy = await Policy(schoolId);
        var pupil = grains.GetPupil(schoolId, upn);
        if (await pupil.GetDetails() is not { } details)
        {
            return null;
        }

        var user = StaffUser.From(principal);
        var calendar = settings.Calendar;
        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var shown = year ?? AcademicYear.Of(today);
        var asOf = shown == AcademicYear.Of(today) ? today : calendar.LastDayOf(shown) ?? shown.Last;
        var summaryTask = pupil.GetSummary(asOf, calendar.SchoolWeek(asOf));
        var entriesTask = pupil.GetEntries();
        var standingTask = pupil.GetStanding(asOf);
        var classesTask = grains.GetGrain<ISchoolGrain>(schoolId).GetClasses();
        var alertsTask = IfAllowed(user, Capability.Alerts, schoolId, () => grains.GetGrain<IAlertInboxGrain>(schoolId).List(new AlertQuery(IncludeClosed: true, Upn: upn, Classes: AccessRules.ClassesSeen(user, Capability.Alerts, schoolId))));
        var tasksTask = IfAllowed(user, Capability.FollowUp, schoolId, () => grains.GetGrain<IFollowUpGrain>(schoolId).List(new TaskQuery(IncludeClosed: true, Upn: upn)));
        var lettersTask = IfAllowed(user, Capability.FollowUp, schoolId, () => grains.GetGrain<ILetterBookGrain>(schoolId).List(upn));
        var caseworkTask = IfAllowed(user, Capability.FollowUp, schoolId, () => grains.GetGrain<ICaseworkGrain>(schoolId).List(upn));
        var previousTask = grains.GetGrain<ITransferredAttendanceGrain>(GrainKeys.Pupil(schoolId, upn)).List();
        await Task.WhenAll(summaryTask, entriesTask, standingTask, classesTask, alertsTask, tasksTask, lettersTask, caseworkTask, previousTask);

        var entries = entriesTask.Result.Where(e => shown.Contains(e.Session.Date)).ToList();
        var years = calendar.Years().Concat(entriesTask.Result.Select(e => AcademicYear.Of(e.Session.Date))).Where(y => y <= AcademicYear.Of(today))
            .Distinct().OrderDescending().Select(y => y.ToString()).ToList();
        var className = classesTask.Result.FirstOrDefault(c => c.Id == details.RegistrationGroup)?.Name ?? details.RegistrationGroup;
        var projection = PupilProjection.AtSchool(user, schoolId);
        await reads.Reading(principal, schoolId, upn, PupilReadKind.PupilPage, projection.Sees(PupilFields.Contacts), clock);
        return projection.Apply(new PupilYear(
            details, className, shown.ToString(), years, summaryTask.Result!.Attendance, PupilCalendar.Standing(policy, standingTask.Result),
            PupilCalendar.Calendar(calendar, shown, entries), entries, alertsTask.Result, tasksTask.Result, lettersTask.Result, caseworkTask.Result, previousTask.Result));
    }

    /// <summary>The policy in force at a school known to exist (a school with settings always has one: its own or the trust's).</summary>
    private async Task<AttendancePolicy> Policy(string schoolId) =>
        (await grains.GetGrain<ISchoolGrain>(schoolId).GetPolicy())?.Policy
        ?? throw new InvalidOperationException($"School '{schoolId}' has settings but no policy in force.");

    /// <summary>What only some roles see: loaded for them, null for the others.</summary>
    private static async Task<T?> IfAllowed<T>(StaffUser user, Capability capability, string schoolId, Func<Task<T>> load)
        where T : class => AccessRules.Allows(user, capability, schoolId) ? await load() : null;
}
