using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// The attendance policy a school's pupils are judged by: the school's own or the trust's. <see cref="Version"/>
/// changes whenever the policy or the school's calendar does, so pupils know when to read it again.
/// </summary>
/// <param name="YearSessions">Open sessions in each academic year of the school's calendar (by the year it starts in),
/// for the year-end projection.</param>
[GenerateSerializer, Immutable]
public sealed record PolicyInForce(long Version, AttendancePolicy Policy, bool SetBySchool, IReadOnlyDictionary<int, int> YearSessions)
{
    /// <summary>Open sessions in <paramref name="year"/>; 0 for a year the calendar has no terms in.</summary>
    public int SessionsIn(AcademicYear year) => YearSessions.GetValueOrDefault(year.StartYear);

    public static IReadOnlyDictionary<int, int> SessionsByYear(SchoolCalendar calendar) =>
        calendar.Years().ToDictionary(y => y.StartYear, calendar.OpenSessionCount);
}
