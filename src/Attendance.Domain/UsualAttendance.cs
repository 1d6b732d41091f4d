namespace Attendance.Domain;

/// <summary>
/// A school's session against its usual: the same session (AM or PM) on the same weekday in recent open weeks,
/// pooled. A school-level alert is due when today is at least the policy's drop, in percentage points, below it.
/// </summary>
public static class UsualAttendance
{
    /// <summary>
    /// The same weekday and part in up to <paramref name="weeks"/> earlier weeks when the school was open (holiday
    /// weeks are skipped, looking back at most twice as far).
    /// </summary>
    public static IReadOnlyList<Session> EarlierSessions(SchoolCalendar calendar, Session session, int weeks) =>
    [
        .. Enumerable.Range(1, weeks * 2)
            .Select(back => new Session(session.Date.AddDays(-7 * back), session.Part))
            .Where(calendar.IsOpen)
            .Take(weeks),
    ];

    /// <summary>Whether <paramref name="today"/> is well below the pooled <paramref name="earlier"/> sessions, on exact figures.</summary>
    public static bool IsWellBelow(AttendancePolicy policy, SessionCounts today, IEnumerable<SessionCounts> earlier)
    {
        var usual = SessionCounts.Sum(earlier);
        return Exact(today) is { } now && Exact(usual) is { } before && before - now >= policy.SchoolDropPoints;
    }

    private static decimal? Exact(SessionCounts counts) =>
        counts.PossibleSessions == 0 ? null : counts.SessionsAttended * 100m / counts.PossibleSessions;
}
