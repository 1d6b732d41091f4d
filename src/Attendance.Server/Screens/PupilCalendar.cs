using Attendance.Domain;

namespace Attendance.Server.Screens;

/// <summary>
/// A pupil's year as the pages, letters and the parents' page show it: their standing against the policy in words,
/// and each school day with its AM and PM codes (the registration certificate's calendar).
/// </summary>
public static class PupilCalendar
{
    public static PupilStandingView Standing(AttendancePolicy policy, PupilStanding standing) => new(
        policy.Bands[Math.Min(standing.Band, policy.Bands.Count - 1)],
        standing.PersistentAbsence, standing.SevereAbsence, standing.PenaltyNoticeThreshold, standing.PersistentLateness,
        standing.Stage > 0 && standing.Stage <= policy.Stages.Count ? policy.Stages[standing.Stage - 1].Name : null,
        policy.PercentagesFromSessions);

    /// <summary>Each day of an academic year's terms with its AM and PM codes as they stand (amendments replace the marks they amend).</summary>
    public static IReadOnlyList<CalendarDay> Calendar(SchoolCalendar calendar, AcademicYear year, IReadOnlyList<RegisterEntry> entries)
    {
        var current = new Dictionary<Session, string>();
        foreach (var entry in entries)
        {
            current[entry.Session] = entry.Code; // later entries (amendments) replace earlier ones
        }

        return [.. Days(calendar, year).Select(day => Day(calendar, day, current))];
    }

    /// <summary>Every day from the year's first term's start to its last term's end: the school year as a certificate shows it.</summary>
    private static IEnumerable<DateOnly> Days(SchoolCalendar calendar, AcademicYear year)
    {
        if (calendar.FirstDayOf(year) is not { } first || calendar.LastDayOf(year) is not { } last)
        {
            yield break;
        }

        for (var day = first; day <= last; day = day.AddDays(1))
        {
            yield return day;
        }
    }

    private static CalendarDay Day(SchoolCalendar calendar, DateOnly day, Dictionary<Session, string> current)
    {
        if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            return new CalendarDay(day, "weekend", null, null);
        }

        if (!calendar.IsSchoolDay(day))
        {
            return new CalendarDay(day, calendar.Closures.Contains(day) ? "closure" : "holiday", null, null);
        }

        string? Code(SessionPart part) => calendar.IsOpen(new Session(day, part)) ? current.GetValueOrDefault(new Session(day, part)) : "#";
        return new CalendarDay(day, null, Code(SessionPart.AM), Code(SessionPart.PM));
    }
}
