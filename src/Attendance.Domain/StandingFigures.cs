namespace Attendance.Domain;

/// <summary>
/// The figures a pupil's standing is decided on, kept with every alert so a lead sees why it was raised.
/// </summary>
/// <param name="YearSessions">Sessions in the school's year (its calendar), for the year-end projection.</param>
public sealed record StandingFigures(
    int PossibleSessions,
    int SessionsAttended,
    int SessionsMissed,
    int UnauthorisedInWindow,
    int LateInWindow,
    int AfterCloseInWindow,
    int ContinuousUnauthorisedSessions,
    int HealthSessions,
    int YearSessions)
{
    public decimal? AttendancePercent => Percent.Of(SessionsAttended, PossibleSessions);

    /// <summary>
    /// The best year-end attendance still possible: every remaining session attended (seed 004 appendix 6, e.g.
    /// 20 sessions missed in a 380-session year → 94.7%). Null when the calendar gives no sessions beyond today.
    /// </summary>
    public decimal? BestYearEndPercent => YearSessions > PossibleSessions ? Percent.Of(YearSessions - SessionsMissed, YearSessions) : null;

    /// <summary>
    /// Reads the figures for <paramref name="year"/> off the register in constant time: sessions, health absence and
    /// the year-end projection are the year's; the rolling windows and the unauthorised run (counted up to the policy's
    /// limit) run across years and end at the latest marked school week.
    /// </summary>
    public static StandingFigures From(AttendancePolicy policy, SessionMarks marks, AcademicYear year, int yearSessions) =>
        From(policy, marks.TallyIn(year), marks.Tally, marks.Tally.LatestWeek ?? 0, marks.UnauthorisedRun(policy.ContinuousAbsenceDays * 2), yearSessions);

    /// <summary>The figures of one tally, its windows ending at <paramref name="currentWeek"/>.</summary>
    public static StandingFigures From(AttendancePolicy policy, AttendanceTally tally, int currentWeek, int unauthorisedRun = 0, int yearSessions = 0) =>
        From(policy, tally, tally, currentWeek, unauthorisedRun, yearSessions);

    private static StandingFigures From(AttendancePolicy policy, AttendanceTally year, AttendanceTally windows, int currentWeek, int unauthorisedRun, int yearSessions)
    {
        var snapshot = year.Snapshot(currentWeek, policy.PenaltyNoticeWeeks);
        return new StandingFigures(
            snapshot.PossibleSessions,
            snapshot.SessionsAttended,
            snapshot.SessionsMissed,
            windows.UnauthorisedInRollingWindow(currentWeek, policy.PenaltyNoticeWeeks),
            windows.LateInRollingWindow(currentWeek, policy.LatenessWeeks),
            windows.AfterCloseInRollingWindow(currentWeek, policy.LatenessWeeks),
            unauthorisedRun,
            policy.HealthCodes.Sum(year.CountOf),
            yearSessions);
    }
}
