namespace Attendance.Domain;

/// <summary>
/// One year of a pupil's attendance at one school, as the Common Transfer File's Attendance container carries it
/// (a <c>YearData</c>): the school, the year's totals, and the marks of each session from a start date.
/// </summary>
/// <param name="Year">The academic year by the year it starts in (2026 for 2026/27), as CTF headers give it.</param>
/// <param name="Lea">The school's local authority number (three digits).</param>
/// <param name="Estab">The school's establishment number (four digits).</param>
public sealed record CtfYear(
    int Year,
    string? Lea,
    string? Estab,
    string? SchoolName,
    int SessionsPossible,
    int SessionsAttended,
    int SessionsAuthorised,
    int SessionsUnauthorised,
    DateOnly? StartDate,
    string? Marks)
{
    /// <summary>The same school's same year: a CTF imported again replaces it rather than adding a copy.</summary>
    public bool SameSchoolYear(CtfYear other) => Year == other.Year && Lea == other.Lea && Estab == other.Estab;

    /// <summary>
    /// The figures of <paramref name="sessions"/> (open sessions, each with its code now or null when not marked):
    /// totals by the register's categories, and the marks from <paramref name="first"/> to <paramref name="last"/>.
    /// </summary>
    public static CtfYear Of(int year, string? lea, string? estab, string? schoolName, DateOnly first, DateOnly last, IReadOnlyDictionary<Session, AttendanceCode?> sessions)
    {
        var tally = CodeTotals.Of(sessions.Values.Select(c => c?.Code)).Tally;
        var marks = CtfMarks.Write(first, last, session => sessions.TryGetValue(session, out var code)
            ? code is null ? CtfMarks.NoMark : CtfMarks.Symbol(code)
            : CtfMarks.NotInSession);
        return new CtfYear(year, lea, estab, schoolName, tally.PossibleSessions, tally.SessionsAttended, tally.AuthorisedAbsence, tally.UnauthorisedAbsence, first, marks);
    }

    /// <summary>
    /// This school's year for a pupil, as their CTF carries it: from the year's first day (or their admission) to
    /// today (or their last day on roll), each open session they were on roll with its code now.
    /// </summary>
    /// <param name="laEstab">The school's LAESTAB (seven digits): the year names the school by it.</param>
    /// <param name="roll">The pupil's periods on roll; null when no admission is recorded (on roll throughout).</param>
    public static CtfYear ThisSchool(SchoolSettings school, string laEstab, DateOnly firstDay, DateOnly today, IReadOnlyList<RollPeriod>? roll, PupilRegister register)
    {
        var admitted = roll?.Where(r => r.To is null || r.To >= firstDay).Select(r => r.From).DefaultIfEmpty(firstDay).Min() ?? firstDay;
        var from = admitted > firstDay ? admitted : firstDay;
        var to = roll is { Count: > 0 } && roll[^1].To is { } left && left < today ? left : today;
        var sessions = SessionRange.Days(from, to).OpenSessions(school.Calendar)
            .Where(s => RollPeriod.OnRoll(roll, s.Date))
            .ToDictionary(s => s, s => NationalCodes.TryGet(register.CurrentMark(s)?.Code, out var code) ? code : null);
        return Of(AcademicYear.Of(firstDay).StartYear, laEstab[..3], laEstab[3..], school.Name, from, to, sessions);
    }
}

/// <summary>The marks read from a CTF's marks string: each session marked, or what in the string is not a mark.</summary>
public sealed record CtfMarksRead(IReadOnlyList<(Session Session, AttendanceCode Code)> Marked, IReadOnlyList<string> Problems)
{
    /// <summary>The sessions counted from the marks, by the register's categories, to compare with the file's totals.</summary>
    public TallySnapshot Tally => CodeTotals.Of(Marked.Select(m => m.Code.Code)).Tally;
}

/// <summary>
/// The CTF's attendance marks: a string with two characters for every calendar day from the start date, the
/// morning's then the afternoon's, one character per session. Weekends, holidays and sessions the pupil was not
/// expected in are <c>#</c>; a session not marked is <c>-</c>.
/// </summary>
public static class CtfMarks
{
    /// <summary>Not a session for the pupil: the national code for a planned closure, used for every day off.</summary>
    public const char NotInSession = '#';

    public const char NoMark = '-';

    /// <summary>Two characters a day from <paramref name="first"/> to <paramref name="last"/>, each day's AM then PM.</summary>
    public static string Write(DateOnly first, DateOnly last, Func<Session, char> markFor)
    {
        var marks = new char[Math.Max(0, (last.DayNumber - first.DayNumber + 1) * 2)];
        for (var i = 0; i < marks.Length; i++)
        {
            marks[i] = markFor(At(first, i));
        }

        return new string(marks);
    }

    /// <summary>
    /// One character per session: the 2024 codes of two characters (C1, C2, J1, Y1-Y7) are written as their letter,
    /// which keeps them in the same category (so the totals stay exact); the full code stays in this school's register.
    /// </summary>
    public static char Symbol(AttendanceCode code) => code.Code[0];

    /// <summary>
    /// Reads <paramref name="marks"/> from <paramref name="start"/>: national codes (pre-2024 letters mapped as on any
    /// import), <c>#</c> and <c>-</c> for no session; anything else is named with its date and session.
    /// </summary>
    public static CtfMarksRead Read(DateOnly start, string marks)
    {
        List<(Session, AttendanceCode)> marked = [];
        List<string> problems = [];
        for (var i = 0; i < marks.Length; i++)
        {
            var symbol = marks[i];
            if (symbol is NoMark or NotInSession)
            {
                continue;
            }

            if (NationalCodes.TryGetForImport(symbol.ToString(), out var code))
            {
                marked.Add((At(start, i), NationalCodes.ForSession(code, At(start, i).Part)));
            }
            else
            {
                problems.Add($"'{symbol}' for {At(start, i)} (character {i + 1}) is not an attendance code");
            }
        }

        return new CtfMarksRead(marked, problems);
    }

    private static Session At(DateOnly first, int index) =>
        new(first.AddDays(index / 2), index % 2 == 0 ? SessionPart.AM : SessionPart.PM);
}
