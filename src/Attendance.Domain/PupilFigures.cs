namespace Attendance.Domain;

/// <summary>A week's sessions for a roll-up: those possible and those attended (present or approved activity).</summary>
public readonly record struct WeekFigures(int Possible, int Attended)
{
    public static WeekFigures operator +(WeekFigures a, WeekFigures b) => new(a.Possible + b.Possible, a.Attended + b.Attended);

    public decimal? AttendancePercent => Percent.Of(Attended, Possible);
}

/// <summary>
/// One pupil's figures as the school's roll-up keeps them: their sessions by code now (amendments applied) for each
/// school year, and every week's (the week's Monday), made after each entry and numbered by it, so the roll-up keeps
/// only the newest. Kept by year so that "this year" needs no calendar here: a register holds last year's marks too.
/// </summary>
/// <param name="EntryNo">The number of the pupil's latest register entry these figures include.</param>
/// <param name="Years">Sessions by code in each school year, by the year it starts in (2026 for 2026/27).</param>
public sealed record PupilFigures(int EntryNo, IReadOnlyDictionary<int, IReadOnlyDictionary<string, int>> Years, IReadOnlyDictionary<DateOnly, WeekFigures> Weeks)
{
    private static readonly IReadOnlyDictionary<string, int> NoCodes = new Dictionary<string, int>();

    public IReadOnlyDictionary<string, int> CodesIn(AcademicYear year) => Years.GetValueOrDefault(year.StartYear) ?? NoCodes;

    /// <summary>The year's figures in the register's categories.</summary>
    public TallySnapshot TallyIn(AcademicYear year) => CodeTotals.Of(CodesIn(year)).Tally;

    public static PupilFigures Of(int entryNo, PupilRegister register)
    {
        var years = new Dictionary<int, Dictionary<string, int>>();
        var weeks = new Dictionary<DateOnly, WeekFigures>();
        foreach (var mark in register.CurrentMarks())
        {
            if (!NationalCodes.TryGet(mark.Code, out var code))
            {
                continue;
            }

            var year = AcademicYear.Of(mark.Session.Date).StartYear;
            if (!years.TryGetValue(year, out var codes))
            {
                years[year] = codes = new(StringComparer.Ordinal);
            }

            codes[code.Code] = codes.GetValueOrDefault(code.Code) + 1;
            if (code.Category.IsPossibleSession())
            {
                var monday = SchoolCalendar.MondayOf(mark.Session.Date);
                weeks[monday] = weeks.GetValueOrDefault(monday) + new WeekFigures(1, code.Category.CountsAsAttendance() ? 1 : 0);
            }
        }

        return new PupilFigures(entryNo, years.ToDictionary(y => y.Key, y => (IReadOnlyDictionary<string, int>)y.Value), weeks);
    }
}
