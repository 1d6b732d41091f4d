namespace Attendance.Domain;

/// <summary>One pupil's mark in a lesson, as lesson reports count it.</summary>
/// <param name="Truancy">Absent from the lesson while in school at registration.</param>
public sealed record LessonPupilMark(string Upn, string Name, string YearGroup, LessonPresence Presence, bool Truancy);

/// <summary>A lesson's register on a day as reports read it: the lesson, and each pupil's latest mark.</summary>
public sealed record LessonDayRecord(ScheduledLesson Lesson, IReadOnlyList<LessonPupilMark> Marks);

/// <summary>What a lesson report is grouped by.</summary>
public enum LessonReportBy
{
    Subject = 1,
    Teacher = 2,
    Period = 3,
    Pupil = 4,
    YearGroup = 5,
}

/// <summary>Which lessons and pupils a report counts; null counts all.</summary>
/// <param name="Day">Only lessons on this weekday (e.g. Friday).</param>
public sealed record LessonReportFilter(string? YearGroup = null, string? Subject = null, string? Teacher = null, DayOfWeek? Day = null, string? Period = null);

/// <summary>One line of a lesson report: the marks counted and how many pupils they are about.</summary>
public sealed record LessonReportRow(string Key, int Pupils, int Marks, int Present, int Late, int Absent, int Truancy)
{
    /// <summary>Present or late, of the marks (null with no marks).</summary>
    public decimal? AttendancePercent => Marks == 0 ? null : Math.Round(100m * (Present + Late) / Marks, 1);
}

/// <summary>Lesson attendance over any range of days, grouped by subject, teacher, period, pupil or year group.</summary>
public static class LessonReport
{
    public static IReadOnlyList<LessonReportRow> Build(IEnumerable<LessonDayRecord> records, LessonReportBy by, LessonReportFilter filter) =>
        [.. records
            .Where(r => (filter.Subject is null || r.Lesson.Subject == filter.Subject) && (filter.Teacher is null || r.Lesson.Teacher == filter.Teacher)
                && (filter.Day is null || r.Lesson.Date.DayOfWeek == filter.Day) && (filter.Period is null || r.Lesson.Period.Id == filter.Period))
            .SelectMany(r => r.Marks.Where(m => filter.YearGroup is null || m.YearGroup == filter.YearGroup).Select(m => (r.Lesson, Mark: m)))
            .GroupBy(x => Key(by, x.Lesson, x.Mark))
            .OrderBy(g => g.Key.Order, StringComparer.Ordinal)
            .Select(g => new LessonReportRow(g.Key.Label, g.Select(x => x.Mark.Upn).Distinct().Count(), g.Count(),
                g.Count(x => x.Mark.Presence == LessonPresence.Present), g.Count(x => x.Mark.Presence == LessonPresence.Late),
                g.Count(x => x.Mark.Presence == LessonPresence.Absent), g.Count(x => x.Mark.Truancy)))];

    /// <summary>A line's label, and the order lines are listed in (periods by weekday and time, the rest by name).</summary>
    private static (string Label, string Order) Key(LessonReportBy by, ScheduledLesson lesson, LessonPupilMark mark) => by switch
    {
        LessonReportBy.Subject => (lesson.Subject, lesson.Subject),
        LessonReportBy.Teacher => (lesson.Teacher, lesson.Teacher),
        LessonReportBy.Period => ($"{lesson.Date.DayOfWeek} {lesson.Period.Name}", $"{(int)lesson.Date.DayOfWeek}{lesson.Period.Starts:HHmm}"),
        LessonReportBy.Pupil => ($"{mark.Name} ({mark.Upn})", $"{mark.Name} ({mark.Upn})"),
        _ => ($"Year {mark.YearGroup}", mark.YearGroup.PadLeft(3, '0')),
    };
}
