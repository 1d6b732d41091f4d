namespace Attendance.Domain;

/// <summary>
/// A group of pupils' attendance this year or over a period (a year group, pupils with free school meals, a sex, an ethnicity...):
/// sessions attended of those possible, and how many of the group are persistently or severely absent.
/// </summary>
/// <param name="Dimension">What the pupils are grouped by, e.g. "Year group"; "School" for the whole school.</param>
public sealed record GroupFigures(string Dimension, string Group, int Pupils, int PossibleSessions, int SessionsAttended, int PersistentlyAbsent, int SeverelyAbsent)
{
    public decimal? AttendancePercent => Percent.Of(SessionsAttended, PossibleSessions);

    public decimal? PersistentAbsencePercent => Percent.Of(PersistentlyAbsent, Pupils);

    public decimal? SevereAbsencePercent => Percent.Of(SeverelyAbsent, Pupils);

    /// <summary>
    /// Each group's figures from its pupils' sessions (this year's tallies, or a period's weeks): a pupil counts in
    /// every group they belong to (one per dimension). Groups come out by dimension in the order first met, then by name.
    /// </summary>
    public static IReadOnlyList<GroupFigures> Of(IEnumerable<(IReadOnlyList<(string Dimension, string Group)> Groups, WeekFigures Tally)> pupils)
    {
        var order = new List<string>();
        var figures = new Dictionary<(string, string), GroupFigures>();
        foreach (var (groups, tally) in pupils)
        {
            foreach (var key in groups)
            {
                if (!order.Contains(key.Dimension))
                {
                    order.Add(key.Dimension);
                }

                var before = figures.GetValueOrDefault(key) ?? new GroupFigures(key.Dimension, key.Group, 0, 0, 0, 0, 0);
                figures[key] = before with
                {
                    Pupils = before.Pupils + 1,
                    PossibleSessions = before.PossibleSessions + tally.Possible,
                    SessionsAttended = before.SessionsAttended + tally.Attended,
                    PersistentlyAbsent = before.PersistentlyAbsent + (tally.IsPersistentlyAbsent ? 1 : 0),
                    SeverelyAbsent = before.SeverelyAbsent + (tally.IsSeverelyAbsent ? 1 : 0),
                };
            }
        }

        return [.. figures.Values.OrderBy(f => order.IndexOf(f.Dimension)).ThenBy(f => f.Group, StringComparer.Ordinal)];
    }
}
