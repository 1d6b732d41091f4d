namespace Attendance.Domain;

/// <summary>A week's sessions for a roll-up: those possible and those attended (present or approved activity).</summary>
public readonly record struct WeekFigures(int Possible, int Attended)
{
    public static WeekFigures operator +(WeekFigures a, WeekFigures b) => new(a.Possible + b.Possible, a.Attended + b.Attended);

    public decimal? AttendancePercent => Percent.Of(Attended, Possible);
}

/// <summary>
/// One pupil's figures as the school's roll-up keeps them: their sessions by code now (amendments applied) and by
/// week (the week's Monday), made after each entry and numbered by it, so the roll-up keeps only the newest.
/// </summary>
/// <param name="EntryNo">The number of the pupil's latest register entry these figures include.</param>
public sealed record PupilFigures(int EntryNo, IReadOnlyDictionary<string, int> Codes, IReadOnlyDictionary<DateOnly, WeekFigures> Weeks)
{
    public static PupilFigures None { get; } = new(0, new Dictionary<string, int>(), new Dictionary<DateOnly, WeekFigures>());

    /// <summary>The year's figures in the register's categories, as the pupil's own tally counts them.</summary>
    public TallySnapshot Tally => CodeTotals.Of(Codes).Tally;

    public static PupilFigures Of(int entryNo, PupilRegister register)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var weeks = new Dictionary<DateOnly, WeekFigures>();
        foreach (var mark in register.CurrentMarks())
        {
            if (!NationalCodes.TryGet(mark.Code, out var code))
            {
                continue;
            }

            codes[code.Code] = codes.GetValueOrDefault(code.Code) + 1;
            if (code.Category is AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity or AttendanceCategory.AuthorisedAbsence or AttendanceCategory.UnauthorisedAbsence)
            {
                var monday = SchoolCalendar.MondayOf(mark.Session.Date);
                var attended = code.Category is AttendanceCategory.Present or AttendanceCategory.ApprovedEducationalActivity ? 1 : 0;
                weeks[monday] = weeks.GetValueOrDefault(monday) + new WeekFigures(1, attended);
            }
        }

        return new PupilFigures(entryNo, codes, weeks);
    }
}
