namespace Attendance.Domain;

/// <summary>A session of the week a guest pupil spends at a provision, e.g. Tuesday AM.</summary>
public sealed record ScheduledSession(DayOfWeek Day, SessionPart Part);

/// <summary>
/// When a guest pupil attends an enhanced provision (seed 000): the sessions of the week they spend there. The rest
/// of the time they are at their referring school, where they stay solely on roll.
/// </summary>
public sealed record GuestSchedule(IReadOnlyList<ScheduledSession> Sessions)
{
    public bool Includes(Session session) => Sessions.Any(s => s.Day == session.Date.DayOfWeek && s.Part == session.Part);

    /// <summary>Value equality over the sessions, so placing a guest again with the same schedule is seen as unchanged.</summary>
    public bool Equals(GuestSchedule? other) => other is not null && Sessions.SequenceEqual(other.Sessions);

    public override int GetHashCode() => Sessions.Count;

    /// <summary>
    /// When a guest not yet arrived is chased: <paramref name="minutes"/> after the provision's session starts (its
    /// register opens). 09:30 and 15 minutes: call at 09:45; an arrival at 09:44 means no call.
    /// </summary>
    public static DateTime CallParentAt(Session session, SessionTimes provisionTimes, int minutes) =>
        session.Date.ToDateTime(provisionTimes.For(session.Part).Opens).AddMinutes(minutes);

    public IEnumerable<string> Validate()
    {
        if (Sessions is null || Sessions.Count == 0)
        {
            yield return "The schedule needs at least one session (a day of the week and AM or PM).";
            yield break;
        }

        foreach (var weekend in Sessions.Where(s => s.Day is DayOfWeek.Saturday or DayOfWeek.Sunday).Select(s => s.Day).Distinct())
        {
            yield return $"The schedule has {weekend}: provisions are open on school days, Monday to Friday.";
        }

        foreach (var twice in Sessions.GroupBy(s => s).Where(g => g.Count() > 1))
        {
            yield return $"{twice.Key.Day} {twice.Key.Part} is in the schedule more than once.";
        }
    }
}
