namespace Attendance.Domain;

/// <summary>A term or half-term: the school is open on weekdays from <see cref="Start"/> to <see cref="End"/> inclusive.</summary>
public sealed record Term(string Name, DateOnly Start, DateOnly End);

/// <summary>
/// The school's calendar: terms (holidays are the gaps between them), planned whole-day closures (<c>#</c>: INSET days,
/// bank holidays) and planned closures of single sessions. Defines which sessions are open and what a school week is.
/// </summary>
/// <remarks>A class, not a record: it caches its week numbering, which must not be copied by <c>with</c>.</remarks>
/// <param name="weeksFrom">The Monday of school week 0 (see <see cref="WeeksFrom"/>); the first school week when null.</param>
public sealed class SchoolCalendar(
    IReadOnlyList<Term> terms, IReadOnlyList<DateOnly>? closures = null, IReadOnlyList<Session>? closedSessions = null, DateOnly? weeksFrom = null)
{
    private Dictionary<DateOnly, int>? weekIndex;

    public IReadOnlyList<Term> Terms { get; } = terms;

    public IReadOnlyList<DateOnly> Closures { get; } = closures ?? [];

    public IReadOnlyList<Session> ClosedSessions { get; } = closedSessions ?? [];

    /// <summary>
    /// The Monday of school week 0. The school keeps it when the calendar changes, so a year's terms added before it
    /// (last year's, for its history) number their weeks below 0 and the numbers the register's lines carry never move.
    /// </summary>
    public DateOnly? WeeksFrom { get; } = weeksFrom;

    /// <summary>This calendar with its weeks numbered from <paramref name="monday"/> (week 0).</summary>
    public SchoolCalendar NumberedFrom(DateOnly? monday) => new(Terms, Closures, ClosedSessions, monday);

    /// <summary>
    /// Why this calendar cannot be replaced by <paramref name="next"/> on <paramref name="today"/>: every school week up
    /// to this one keeps its number (the register's lines carry it and the rolling windows count by it), so the terms of
    /// a year that has begun stay, and next year's are added beside them. Null when the change keeps the past.
    /// </summary>
    public string? ChangesPastWeeks(SchoolCalendar next, DateOnly today)
    {
        foreach (var (monday, number) in Weeks().Where(w => w.Key <= MondayOf(today)).OrderBy(w => w.Key))
        {
            if (next.SchoolWeek(monday) != number)
            {
                return $"The calendar would change school weeks that have already happened, from the week of {monday:d MMMM yyyy}: keep the terms and closures of the weeks up to today (the register counts by them), and add next year's terms beside this year's.";
            }
        }

        return null;
    }

    public bool IsSchoolDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
        && Terms.Any(t => t.Start <= date && date <= t.End)
        && !Closures.Contains(date);

    /// <summary>A session is open when its day is a school day and the session itself is not a planned closure.</summary>
    public bool IsOpen(Session session) => IsSchoolDay(session.Date) && !ClosedSessions.Contains(session);

    /// <summary>
    /// The number of the school week containing <paramref name="date"/>: weeks (Monday to Sunday) with at least one
    /// school day, counted from the first term. Holiday weeks have no number, so a window of school weeks spans them.
    /// </summary>
    public int? SchoolWeek(DateOnly date) => Weeks().TryGetValue(MondayOf(date), out var index) ? index : null;

    /// <summary>
    /// The calendar's first day (its earliest term's start); null for a calendar without terms. A calendar holds every
    /// year the school has entered, so this is the first day of its oldest year: "this year" starts at
    /// <see cref="FirstDayOf"/>.
    /// </summary>
    public DateOnly? FirstDay => Terms.Count == 0 ? null : Terms.Min(t => t.Start);

    /// <summary>The first school day of <paramref name="year"/> (its first term's start); null when the calendar has no term in that year.</summary>
    public DateOnly? FirstDayOf(AcademicYear year) =>
        Terms.Where(t => year.Contains(t.Start)).Select(t => (DateOnly?)t.Start).Min();

    /// <summary>The last day of <paramref name="year"/>'s last term; null when the calendar has no term in that year.</summary>
    public DateOnly? LastDayOf(AcademicYear year) =>
        Terms.Where(t => year.Contains(t.Start)).Select(t => (DateOnly?)t.End).Max();

    /// <summary>The years the calendar has terms in, oldest first.</summary>
    public IReadOnlyList<AcademicYear> Years() => [.. Terms.Select(t => AcademicYear.Of(t.Start)).Distinct().Order()];

    /// <summary>
    /// The latest school day on or before <paramref name="day"/> (a last day on roll given as a Saturday is the Friday);
    /// the day itself when the calendar has none before it.
    /// </summary>
    public DateOnly SchoolDayOnOrBefore(DateOnly day)
    {
        for (var date = day; FirstDay is { } first && date >= first; date = date.AddDays(-1))
        {
            if (IsSchoolDay(date))
            {
                return date;
            }
        }

        return day;
    }

    /// <summary>
    /// The school year under way or just ended on <paramref name="day"/>: the day's academic year from its first school
    /// day, the one before until then (the summer holiday belongs to the year just ended, for its leavers and returns).
    /// </summary>
    public AcademicYear YearUnderWay(DateOnly day)
    {
        var year = AcademicYear.Of(day);
        return FirstDayOf(year) is { } first && day >= first ? year : year.Previous;
    }

    public IEnumerable<DateOnly> SchoolDays()
    {
        if (FirstDay is not { } first)
        {
            yield break;
        }

        for (var day = first; day <= Terms.Max(t => t.End); day = day.AddDays(1))
        {
            if (IsSchoolDay(day))
            {
                yield return day;
            }
        }
    }

    /// <summary>Open sessions in <paramref name="year"/>: the denominator for a projected year-end attendance.</summary>
    public int OpenSessionCount(AcademicYear year) =>
        SchoolDays().Where(year.Contains).Sum(day => (IsOpen(new Session(day, SessionPart.AM)) ? 1 : 0) + (IsOpen(new Session(day, SessionPart.PM)) ? 1 : 0));

    /// <summary>A term lasts at most a year (a school may enter its year as one term, with the holidays as closures).</summary>
    public const int MostTermDays = 366;

    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(2099, 12, 31);

    public IEnumerable<string> Validate()
    {
        if (Terms.Count == 0)
        {
            yield return "The calendar has no terms.";
        }

        foreach (var term in Terms.Where(t => t.End < t.Start))
        {
            yield return $"Term '{term.Name}' ends ({term.End:yyyy-MM-dd}) before it starts ({term.Start:yyyy-MM-dd}).";
        }

        foreach (var term in Terms.Where(t => t.End.DayNumber - t.Start.DayNumber >= MostTermDays))
        {
            yield return $"Term '{term.Name}' runs from {term.Start:yyyy-MM-dd} to {term.End:yyyy-MM-dd}: a term lasts at most a year.";
        }

        foreach (var term in Terms.Where(t => t.Start < Earliest || t.End > Latest))
        {
            yield return $"Term '{term.Name}' is dated {term.Start:yyyy-MM-dd} to {term.End:yyyy-MM-dd}: terms are dated from {Earliest:yyyy} to {Latest:yyyy}.";
        }

        var ordered = Terms.OrderBy(t => t.Start).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Start <= ordered[i - 1].End)
            {
                yield return $"Terms '{ordered[i - 1].Name}' and '{ordered[i].Name}' overlap.";
            }
        }
    }

    /// <summary>The Monday of the week <paramref name="date"/> falls in: how weeks are named (school weeks, the trend).</summary>
    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private Dictionary<DateOnly, int> Weeks()
    {
        if (weekIndex is null)
        {
            var mondays = SchoolDays().Select(MondayOf).Distinct().ToList();
            var zero = WeeksFrom is { } from ? mondays.FindIndex(m => m >= from) : 0;
            weekIndex = mondays.Select((monday, index) => (monday, index)).ToDictionary(w => w.monday, w => w.index - (zero < 0 ? mondays.Count : zero));
        }

        return weekIndex;
    }
}
