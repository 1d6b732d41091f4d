using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Server.Access;
using Attendance.Server.Http;

namespace Attendance.Server.Lessons;

/// <summary>"My registers" for lessons: the day's lessons the user teaches, or all of them for those who see the whole school.</summary>
public sealed class LessonsService(IGrainFactory grains, [FromKeyedServices(SchoolClock.Key)] TimeProvider clock)
{
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
