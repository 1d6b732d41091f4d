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
    /// Reads the figures off the register in constant time (the unauthorised run is counted up to the policy's limit).
    /// The rolling windows end at the latest marked school week.
    /// </summary>
    public static StandingFigures From(AttendancePolicy policy, PupilRegister register, int yearSessions) =>
        From(policy, register.Tally, register.Tally.LatestWeek ?? 0, register.UnauthorisedRun(policy.ContinuousAbsenceDays * 2), yearSessions);

    public static StandingFigures From(AttendancePolicy policy, AttendanceTally tally, int currentWeek, int unauthorisedRun = 0, int yearSessions = 0)
    {
        var snapshot = tally.Snapshot(currentWeek, policy.PenaltyNoticeWeeks);
        return new StandingFigures(
            snapshot.PossibleSessions,
            snapshot.SessionsAttended,
            snapshot.SessionsMissed,
            snapshot.UnauthorisedInRollingWindow,
            tally.LateInRollingWindow(currentWeek, policy.LatenessWeeks),
            tally.AfterCloseInRollingWindow(currentWeek, policy.LatenessWeeks),
            unauthorisedRun,
            policy.HealthCodes.Sum(tally.CountOf),
            yearSessions);
    }
}
