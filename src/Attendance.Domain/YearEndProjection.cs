namespace Attendance.Domain;

/// <summary>
/// Where a pupil's attendance is heading: the sessions left in the year attended at the rate of the last
/// <see cref="RecentWeeks"/> weeks (the year's rate before there are any), against the band they are in now.
/// </summary>
public sealed record YearEndProjection(decimal CurrentPercent, int CurrentBand, decimal ProjectedPercent, int ProjectedBand)
{
    public const int RecentWeeks = 4;

    /// <summary>The projection falls into a worse band than the pupil is in now: someone to see before it does.</summary>
    public bool Worse => ProjectedBand > CurrentBand;

    /// <summary>None before the policy measures percentages (too few possible sessions to say anything).</summary>
    public static YearEndProjection? Of(AttendancePolicy policy, TallySnapshot year, WeekFigures recent, int sessionsLeft)
    {
        var possible = year.PossibleSessions;
        if (possible == 0 || possible < policy.PercentagesFromSessions)
        {
            return null;
        }

        var rate = recent.Possible > 0 ? (decimal)recent.Attended / recent.Possible : (decimal)year.SessionsAttended / possible;
        var attended = year.SessionsAttended + rate * sessionsLeft;
        var total = possible + sessionsLeft;
        return new YearEndProjection(
            Percent.Of(year.SessionsAttended, possible)!.Value, PupilStanding.BandOf(policy, year.SessionsAttended, possible),
            Percent.Of(attended, total), PupilStanding.BandOf(policy, attended, total));
    }
}
