namespace Attendance.Domain;

/// <summary>Where a pupil stands against the policy: each measure the policy watches, as a level.</summary>
/// <param name="Band">Index into the policy's bands: 0 is the best.</param>
/// <param name="Stage">Escalation stages reached: 0 is none, 1 the first stage, and so on.</param>
/// <param name="YearEndBand">The band of the best year-end attendance still possible.</param>
public sealed record PupilStanding(
    int Band,
    int Stage,
    bool PersistentAbsence,
    bool SevereAbsence,
    bool PenaltyNoticeThreshold,
    bool PersistentLateness,
    bool ContinuousAbsence = false,
    bool HealthAbsence = false,
    int YearEndBand = 0)
{
    public static PupilStanding Clear { get; } = new(0, 0, false, false, false, false);

    /// <summary>
    /// Evaluates the figures against the policy: a handful of comparisons, so it can run on every mark.
    /// Percentages are compared on exact counts (attended × 100 ≥ minimum × possible), never on rounded figures,
    /// and only once the pupil has <see cref="AttendancePolicy.PercentagesFromSessions"/> possible sessions (one
    /// absence on the first morning of the year is not persistent absence).
    /// </summary>
    public static PupilStanding Evaluate(AttendancePolicy policy, StandingFigures figures)
    {
        var possible = figures.PossibleSessions;
        var enough = possible >= policy.PercentagesFromSessions && possible > 0;
        var projected = enough && figures.YearSessions > possible;
        return new PupilStanding(
            enough ? BandOf(policy, figures.SessionsAttended, possible) : 0,
            policy.Stages.Count(s => figures.SessionsMissed >= s.SessionsMissed),
            enough && figures.SessionsMissed * 100m >= policy.PersistentAbsencePercent * possible,
            enough && figures.SessionsMissed * 100m >= policy.SevereAbsencePercent * possible,
            figures.UnauthorisedInWindow >= policy.PenaltyNoticeSessions,
            figures.LateInWindow >= policy.LatenessLimit || figures.AfterCloseInWindow >= policy.LateAfterCloseLimit,
            figures.ContinuousUnauthorisedSessions >= policy.ContinuousAbsenceDays * 2,
            figures.HealthSessions >= policy.HealthAbsenceDays * 2,
            projected ? BandOf(policy, figures.YearSessions - figures.SessionsMissed, figures.YearSessions) : 0);
    }

    /// <summary>Evaluates a tally directly, the rolling windows ending at <paramref name="currentWeek"/>.</summary>
    public static PupilStanding Evaluate(AttendancePolicy policy, AttendanceTally tally, int currentWeek) =>
        Evaluate(policy, StandingFigures.From(policy, tally, currentWeek));

    /// <summary>The band of <paramref name="attended"/> of <paramref name="possible"/>, compared exactly (a projection's sessions may be fractions).</summary>
    public static int BandOf(AttendancePolicy policy, decimal attended, decimal possible)
    {
        var band = 0;
        while (band < policy.Bands.Count - 1 && attended * 100m < policy.Bands[band].MinimumPercent * possible)
        {
            band++;
        }

        return band;
    }
}
