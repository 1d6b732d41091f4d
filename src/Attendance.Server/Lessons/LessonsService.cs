using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Analytics;
using Attendance.Server.Http;
using Microsoft.Extensions.Options;

namespace Attendance.Server.Lessons;

/// <summary>
/// "My registers" for lessons (the day's lessons the user teaches, or all of them for those who see the whole school)
/// and lesson reports over a range of days.
/// </summary>
public sealed class LessonsService(IGrainFactory grains, IOptions<AnalyticsOptions> analytics, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
{
    /// <summary>
    /// Lesson attendance from <paramref name="from"/> to <paramref name="to"/> (school days only), grouped and filtered.
    /// Outside the school (a trust leader), a line about fewer pupils than the analytics' minimum group is not shown.
    /// </summary>
    public async Task<LessonReportView> Report(KnownSchool school, StaffUser user, DateOnly from, DateOnly to, LessonReportBy by, LessonReportFilter filter)
    {
        var days = school.Settings.Calendar.SchoolDays().Where(d => d >= from && d <= to);
        var records = await Task.WhenAll(days.Select(d => grains.GetGrain<ILessonDayGrain>(GrainKeys.LessonDay(school.Id, d)).Get()));
        var minimum = analytics.Value.MinimumGroupSize;
        var outside = !user.Schools.Contains(school.Id);
        return new LessonReportView(school.Id, school.Settings.Name, from, to, by, filter, minimum, [.. LessonReport.Build(records.SelectMany(r => r), by, filter)
            .Select(row => outside && row.Pupils < minimum ? LessonReportLine.Hidden(row) : LessonReportLine.Shown(row))]);
    }

    /// <param name="date">The day; the school's today when null.</param>
    public async Task<TodaysLessons> Today(KnownSchool school, StaffUser user, DateOnly? date)
    {
        var now = school.Settings.LocalTime(clock.GetUtcNow());
        var day = date ?? DateOnly.FromDateTime(now);
        var everyone = AccessRules.Allows(user, Capability.ViewSchool, school.Id);
        var lessons = (await grains.GetGrain<ITimetableGrain>(school.Id).LessonsOn(day))
            .Where(l => everyone || string.Equals(l.Teacher, user.StaffCode, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var rules = (await grains.GetGrain<ISchoolGrain>(school.Id).GetPolicy())?.Policy.Lessons ?? new LessonRules();
        var statuses = await Task.WhenAll(lessons.Select(l => grains.GetLessonRegister(school.Id, day, l.LessonId).GetStatus()));
        var today = day == DateOnly.FromDateTime(now);
        return new TodaysLessons(school.Id, school.Settings.Name, day, now, user.StaffCode, [.. statuses.OfType<LessonStatus>().Select(s => new LessonToday(
            s.Lesson, s.State, s.State == RegisterState.NotStarted && (day < DateOnly.FromDateTime(now) || today && rules.Overdue(s.Lesson, TimeOnly.FromDateTime(now))),
            s.Pupils, s.Absent))]);
    }
}
