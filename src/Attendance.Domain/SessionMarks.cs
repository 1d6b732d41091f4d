namespace Attendance.Domain;

/// <summary>
/// Each session's current code and school week, every year of them, with the tallies kept in step: what a pupil needs
/// to decide and count a mark, without the entries themselves (who, when, why). A year is a code and a school week per
/// session (about 2.2 KB), where entries cost about 150 bytes a session: a pupil with a year of history holds 370.
/// Marks and amendments are decided here; the register keeps the entries they come from.
/// </summary>
public sealed class SessionMarks
{
    private static readonly AttendanceTally NoMarks = new();

    // One per academic year marked, in year order (a pupil has one to a handful).
    private YearMarks[] years = [];

    /// <summary>Every year's marks: what the rolling windows count (the summer holiday has no school weeks).</summary>
    public AttendanceTally Tally { get; } = new();

    /// <summary>The latest session marked; null before any mark.</summary>
    public Session? Latest { get; private set; }

    /// <summary>The year of the latest session marked; null before any mark.</summary>
    public AcademicYear? LatestYear => Latest is { } latest ? AcademicYear.Of(latest.Date) : null;

    /// <summary>One academic year's marks: what attendance, bands, stages and persistent absence count.</summary>
    public AttendanceTally TallyIn(AcademicYear year) => Find(year)?.Tally ?? NoMarks;

    /// <summary>
    /// A year's figures, with the rolling window over every year ending at <paramref name="currentWeek"/> (or the latest
    /// marked week): a pupil's September window still holds July's unauthorised sessions.
    /// </summary>
    public TallySnapshot Snapshot(AcademicYear year, int? currentWeek, int rollingWeeks = AttendanceTally.DefaultRollingWeeks) =>
        TallyIn(year).Snapshot(0, rollingWeeks) with
        {
            UnauthorisedInRollingWindow = (currentWeek ?? Tally.LatestWeek) is { } end ? Tally.UnauthorisedInRollingWindow(end, rollingWeeks) : 0,
        };

    /// <summary>The session's code as it stands; null when unmarked.</summary>
    public AttendanceCode? CodeOf(Session session) => Find(AcademicYear.Of(session.Date))?.CodeOf(session);

    /// <summary>
    /// What recording <paramref name="entry"/> would do, changing nothing: a mark (<paramref name="amend"/> false) needs
    /// an unmarked session, an amendment a marked one and a reason; the same code again changes nothing (safe to resend).
    /// </summary>
    public EntryOutcome Decide(RegisterEntry entry, bool amend)
    {
        if (amend != entry.IsAmendment || (amend && string.IsNullOrWhiteSpace(entry.AmendmentReason)))
        {
            throw new ArgumentException(amend ? "An amendment needs a reason." : "An amendment is recorded with Amend.", nameof(entry));
        }

        var existing = CodeOf(entry.Session);
        return existing is null ? (amend ? EntryOutcome.NotMarked : EntryOutcome.Recorded)
            : existing == NationalCodes.Get(entry.Code) ? EntryOutcome.Unchanged
            : amend ? EntryOutcome.Recorded : EntryOutcome.AlreadyMarked;
    }

    /// <summary>
    /// Makes <paramref name="code"/> the session's mark (null: unmarked again), moving it between the tallies; returns
    /// the mark it replaced, which setting back takes the change back.
    /// </summary>
    public (AttendanceCode? Code, int SchoolWeek) Set(Session session, AttendanceCode? code, int schoolWeek)
    {
        var year = AcademicYear.Of(session.Date);
        var marks = Find(year) ?? Add(year);
        var replaced = (marks.CodeOf(session), marks.WeekOf(session));
        if (replaced.Item1 is { } before)
        {
            Tally.Remove(before.Code, replaced.Item2);
            marks.Tally.Remove(before.Code, replaced.Item2);
        }

        marks.Set(session, code, schoolWeek);
        if (code is not null)
        {
            Tally.Add(code.Code, schoolWeek);
            marks.Tally.Add(code.Code, schoolWeek);
            Latest = Latest is { } latest && latest > session ? latest : session;
        }
        else if (Latest == session)
        {
            Latest = Marked(descending: true).Select(m => (Session?)m.Session).FirstOrDefault();
        }

        return replaced;
    }

    /// <summary>Every marked session with its code and school week, in session order (or latest first).</summary>
    public IEnumerable<(Session Session, AttendanceCode Code, int SchoolWeek)> Marked(bool descending = false)
    {
        for (var y = 0; y < years.Length; y++)
        {
            foreach (var mark in years[descending ? years.Length - 1 - y : y].Marked(descending))
            {
                yield return mark;
            }
        }
    }

    /// <summary>
    /// Unauthorised absences in a row up to the latest marked session, counting at most <paramref name="limit"/>
    /// (so the cost stays bounded). Sessions not counted in statistics (e.g. <c>#</c>, <c>X</c>) neither count nor
    /// break the run; any attendance or authorised absence ends it.
    /// </summary>
    public int UnauthorisedRun(int limit)
    {
        var run = 0;
        foreach (var (_, code, _) in Marked(descending: true))
        {
            if (run >= limit)
            {
                break;
            }

            if (code.Category == AttendanceCategory.UnauthorisedAbsence)
            {
                run++;
            }
            else if (code.Category.IsPossibleSession())
            {
                break;
            }
        }

        return run;
    }

    private YearMarks? Find(AcademicYear year)
    {
        foreach (var marks in years)
        {
            if (marks.Year == year)
            {
                return marks;
            }
        }

        return null;
    }

    private YearMarks Add(AcademicYear year)
    {
        var marks = new YearMarks(year);
        years = [.. years.Append(marks).OrderBy(m => m.Year)];
        return marks;
    }

    /// <summary>
    /// One academic year: a code per session (0: unmarked, else 1 + its place in the national table) and the school week
    /// it was counted in (the entry's own: a future session marked before a calendar change may differ from its day's other).
    /// </summary>
    private sealed class YearMarks(AcademicYear year)
    {
        private const int Slots = 2 * 366;

        // Only from the first session marked to the latest (grown by half as marks go on), so a pupil who joined in
        // December holds December's sessions and not the autumn's. codes[0] is session slot `first` of the year.
        private byte[] codes = [];
        private short[] weeks = [];
        private int first;

        public AcademicYear Year => year;

        public AttendanceTally Tally { get; } = new();

        public AttendanceCode? CodeOf(Session session) => Index(session) is var i && i >= 0 && i < codes.Length && codes[i] > 0 ? NationalCodes.All[codes[i] - 1] : null;

        public int WeekOf(Session session) => Index(session) is var i && i >= 0 && i < weeks.Length ? weeks[i] : 0;

        public void Set(Session session, AttendanceCode? code, int schoolWeek)
        {
            var slot = 2 * (session.Date.DayNumber - year.First.DayNumber) + (int)session.Part;
            if (codes.Length == 0 || slot < first || slot >= first + codes.Length)
            {
                Cover(slot);
            }

            codes[slot - first] = code is null ? (byte)0 : (byte)(NationalCodes.NumberOf(code) + 1);
            weeks[slot - first] = checked((short)schoolWeek);
        }

        public IEnumerable<(Session, AttendanceCode, int)> Marked(bool descending)
        {
            for (var n = 0; n < codes.Length; n++)
            {
                var i = descending ? codes.Length - 1 - n : n;
                if (codes[i] > 0)
                {
                    var slot = first + i;
                    yield return (new Session(year.First.AddDays(slot / 2), (SessionPart)(slot % 2)), NationalCodes.All[codes[i] - 1], weeks[i]);
                }
            }
        }

        /// <summary>Moves the arrays to cover <paramref name="slot"/> too, with room for about a fortnight more (or half again) after it.</summary>
        private void Cover(int slot)
        {
            var from = codes.Length == 0 ? slot : Math.Min(first, slot);
            var to = Math.Max(codes.Length == 0 ? slot : first + codes.Length - 1, slot);
            var length = Math.Min(Slots - from, Math.Max(to - from + 1 + 28, codes.Length * 3 / 2));
            var (newCodes, newWeeks) = (new byte[length], new short[length]);
            if (codes.Length > 0)
            {
                codes.CopyTo(newCodes, first - from);
                weeks.CopyTo(newWeeks, first - from);
            }

            (codes, weeks, first) = (newCodes, newWeeks, from);
        }

        private int Index(Session session) => 2 * (session.Date.DayNumber - year.First.DayNumber) + (int)session.Part - first;
    }
}
