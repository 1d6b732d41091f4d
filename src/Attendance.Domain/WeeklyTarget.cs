namespace Attendance.Domain;

/// <summary>One school week checked against a contract's target.</summary>
public sealed record TargetWeek(DateOnly WeekOf, int Possible, int Attended, bool Met);

/// <summary>
/// A contract's weekly attendance target in sessions (seed 002 appendix 2: "at least 9 out of 10 sessions each week",
/// never 100%). A week meets it when the sessions missed are no more than the target allows (<c>OutOf - Sessions</c>),
/// so a short week (a bank holiday, a closure) asks for its possible sessions less the same allowance.
/// </summary>
public sealed record WeeklyTarget(int Sessions, int OutOf)
{
    /// <summary>What is wrong with the target, or null.</summary>
    public string? Check() =>
        OutOf is < 1 or > 10 || Sessions < 1 || Sessions > OutOf ? $"A weekly target is at least 1 session out of at most 10 (a school week's sessions), not {Sessions} out of {OutOf}."
        : Sessions == OutOf ? "Set a target the pupil can meet after a day's illness, e.g. 9 out of 10 sessions: seed 002's contract says never 100%."
        : null;

    public override string ToString() => $"{Sessions} out of {OutOf} sessions each week";

    /// <summary>
    /// Each school week whose Monday falls from <paramref name="from"/> and whose Friday is before
    /// <paramref name="today"/> (the week is over), up to <paramref name="through"/>, with the pupil's possible and
    /// attended sessions from their current marks. Weeks with no possible session (a holiday) are left out.
    /// </summary>
    public IReadOnlyList<TargetWeek> Weeks(IEnumerable<RegisterEntry> currentMarks, DateOnly from, DateOnly through, DateOnly today)
    {
        var marks = currentMarks.Where(m => m.Session.Date >= from && m.Session.Date <= through && m.Category.IsPossibleSession())
            .GroupBy(m => SchoolCalendar.MondayOf(m.Session.Date));
        return [.. marks.Where(w => w.Key >= from && w.Key.AddDays(4) < today)
            .OrderBy(w => w.Key)
            .Select(w => Week(w.Key, w.Count(), w.Count(m => m.Category.CountsAsAttendance())))];
    }

    public TargetWeek Week(DateOnly monday, int possible, int attended) => new(monday, possible, attended, possible - attended <= OutOf - Sessions);
}
