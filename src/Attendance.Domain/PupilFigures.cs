namespace Attendance.Domain;

/// <summary>
/// Sessions for a roll-up: those possible and those attended (present or approved activity), for a week or, summed,
/// for any run of weeks (a term, a half term).
/// </summary>
public readonly record struct WeekFigures(int Possible, int Attended)
{
    public static WeekFigures operator +(WeekFigures a, WeekFigures b) => new(a.Possible + b.Possible, a.Attended + b.Attended);

    public decimal? AttendancePercent => Percent.Of(Attended, Possible);

    public int Missed => Possible - Attended;

    /// <inheritdoc cref="TallySnapshot.IsPersistentlyAbsent"/>
    public bool IsPersistentlyAbsent => Possible > 0 && Missed * 10 >= Possible;

    /// <inheritdoc cref="TallySnapshot.IsSeverelyAbsent"/>
    public bool IsSeverelyAbsent => Possible > 0 && Missed * 2 >= Possible;

    /// <summary>The weeks from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, summed.</summary>
    public static WeekFigures Over(IReadOnlyDictionary<DateOnly, WeekFigures> weeks, DateOnly from, DateOnly to)
    {
        var sum = default(WeekFigures);
        for (var monday = SchoolCalendar.MondayOf(from); monday <= to; monday = monday.AddDays(7))
        {
            sum += weeks.GetValueOrDefault(monday);
        }

        return sum;
    }
}

/// <summary>
/// One pupil's figures as the school's roll-up keeps them: their sessions by code now (amendments applied) for each
/// school year, and every week's (the week's Monday), made after each entry and numbered by it, so the roll-up keeps
/// only the newest. Kept by year so that "this year" needs no calendar here: a register holds last year's marks too.
/// The counts are kept compactly (<see cref="CodeCounts"/>, <see cref="WeekRun"/>): every active pupil holds them.
/// </summary>
/// <param name="EntryNo">The number of the pupil's latest register entry these figures include.</param>
/// <param name="Years">Sessions by code in each school year, by the year it starts in (2026 for 2026/27).</param>
public sealed record PupilFigures(int EntryNo, IReadOnlyDictionary<int, IReadOnlyDictionary<string, int>> Years, IReadOnlyDictionary<DateOnly, WeekFigures> Weeks)
{
    /// <summary>A register with no marks yet.</summary>
    public static PupilFigures None { get; } = new(0, new Dictionary<int, IReadOnlyDictionary<string, int>>(), WeekRun.None);

    public IReadOnlyDictionary<string, int> CodesIn(AcademicYear year) => Years.GetValueOrDefault(year.StartYear) ?? CodeCounts.None;

    /// <summary>The year's figures in the register's categories.</summary>
    public TallySnapshot TallyIn(AcademicYear year) => CodeTotals.Of(CodesIn(year)).Tally;

    /// <summary>The figures of a whole register: on activation, after a history import (one pass over every mark).</summary>
    public static PupilFigures Of(int entryNo, SessionMarks marks)
    {
        var years = new Dictionary<int, int[]>();
        var weeks = new Dictionary<DateOnly, WeekFigures>();
        foreach (var (session, code, _) in marks.Marked())
        {
            var year = AcademicYear.Of(session.Date).StartYear;
            (years.TryGetValue(year, out var counts) ? counts : years[year] = new int[NationalCodes.All.Count])[NationalCodes.NumberOf(code)]++;
            var monday = SchoolCalendar.MondayOf(session.Date);
            weeks[monday] = weeks.GetValueOrDefault(monday) + Counted(code);
        }

        return new PupilFigures(entryNo, years.ToDictionary(y => y.Key, y => (IReadOnlyDictionary<string, int>)CodeCounts.Of(y.Value)), WeekRun.From(weeks));
    }

    /// <summary>
    /// The figures after entry <paramref name="entryNo"/> changed <paramref name="session"/>'s code from <paramref name="before"/>
    /// (null: unmarked) to <paramref name="after"/>: one small array for the year's codes and one for the weeks are
    /// copied, never the marks passed over again, so a mark costs about the same in July as in September. Figures
    /// stay immutable: the roll-up keeps the ones it is sent.
    /// </summary>
    public PupilFigures Changed(int entryNo, Session session, AttendanceCode? before, AttendanceCode? after)
    {
        var year = AcademicYear.Of(session.Date).StartYear;
        var codes = CodeCounts.From(Years.GetValueOrDefault(year)).Changed(before, after);
        var years = new Dictionary<int, IReadOnlyDictionary<string, int>>(Years);
        if (codes.Count == 0)
        {
            years.Remove(year);
        }
        else
        {
            years[year] = codes;
        }

        var week = Counted(after) + Counted(before, sign: -1);
        return new PupilFigures(entryNo, years, week == default ? Weeks : WeekRun.From(Weeks).Changed(session.Date, week));
    }

    /// <summary>What one session's mark adds to its week (or with <paramref name="sign"/> -1 takes away).</summary>
    private static WeekFigures Counted(AttendanceCode? code, int sign = 1) =>
        code is not null && code.Category.IsPossibleSession() ? new WeekFigures(sign, code.Category.CountsAsAttendance() ? sign : 0) : default;
}
