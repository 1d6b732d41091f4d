namespace Attendance.Domain;

/// <summary>What happened to a mark or amendment.</summary>
public enum EntryOutcome
{
    /// <summary>A new mark or amendment was added to the register.</summary>
    Recorded,

    /// <summary>The session already had exactly this code: nothing changed (safe to resend).</summary>
    Unchanged,

    /// <summary>The session already has a different code: it must be amended, with a reason, not marked again.</summary>
    AlreadyMarked,

    /// <summary>An amendment for a session that has no mark yet.</summary>
    NotMarked,
}

/// <summary>
/// One pupil's register, every year of it: an append-only list of entries, the current mark per session, a tally per
/// academic year and one over all years (for the rolling windows, which span the summer), kept in step with each entry.
/// </summary>
public sealed class PupilRegister
{
    private static readonly AttendanceTally NoMarks = new();

    private readonly List<RegisterEntry> entries = [];
    private readonly SortedList<Session, RegisterEntry> current = [];
    private readonly Dictionary<AcademicYear, AttendanceTally> years = [];

    public PupilRegister(IEnumerable<RegisterEntry>? history = null)
    {
        foreach (var entry in history ?? [])
        {
            Append(entry);
        }
    }

    /// <summary>Every year's marks: what the rolling windows count (the summer holiday has no school weeks).</summary>
    public AttendanceTally Tally { get; } = new();

    /// <summary>One academic year's marks: what attendance, bands, stages and persistent absence count.</summary>
    public AttendanceTally TallyIn(AcademicYear year) => years.GetValueOrDefault(year) ?? NoMarks;

    /// <summary>The year of the latest session marked; null before any mark.</summary>
    public AcademicYear? LatestYear => current.Count == 0 ? null : AcademicYear.Of(current.Keys[^1].Date);

    /// <summary>
    /// A year's figures, with the rolling window over every year ending at <paramref name="currentWeek"/> (or the latest
    /// marked week): a pupil's September window still holds July's unauthorised sessions.
    /// </summary>
    public TallySnapshot Snapshot(AcademicYear year, int? currentWeek, int rollingWeeks = AttendanceTally.DefaultRollingWeeks) =>
        TallyIn(year).Snapshot(0, rollingWeeks) with
        {
            UnauthorisedInRollingWindow = (currentWeek ?? Tally.LatestWeek) is { } end ? Tally.UnauthorisedInRollingWindow(end, rollingWeeks) : 0,
        };

    /// <summary>Every entry in the order it was made, amendments included.</summary>
    public IReadOnlyList<RegisterEntry> Entries => entries;

    public RegisterEntry? CurrentMark(Session session) => current.GetValueOrDefault(session);

    /// <summary>Each session's mark as it stands, in session order.</summary>
    public IEnumerable<RegisterEntry> CurrentMarks() => current.Values;

    public IEnumerable<RegisterEntry> History(Session session) => entries.Where(e => e.Session == session);

    /// <summary>
    /// Unauthorised absences in a row up to the latest marked session, counting at most <paramref name="limit"/>
    /// (so the cost stays bounded). Sessions not counted in statistics (e.g. <c>#</c>, <c>X</c>) neither count nor
    /// break the run; any attendance or authorised absence ends it.
    /// </summary>
    public int UnauthorisedRun(int limit)
    {
        var run = 0;
        for (var i = current.Count - 1; i >= 0 && run < limit; i--)
        {
            var category = current.Values[i].Category;
            if (category == AttendanceCategory.UnauthorisedAbsence)
            {
                run++;
            }
            else if (category.IsPossibleSession())
            {
                break;
            }
        }

        return run;
    }

    /// <summary>Marks a session that has no mark yet. Resending the same code changes nothing.</summary>
    public EntryOutcome Mark(RegisterEntry entry)
    {
        if (entry.IsAmendment)
        {
            throw new ArgumentException("An amendment is recorded with Amend.", nameof(entry));
        }

        if (current.TryGetValue(entry.Session, out var existing))
        {
            return SameCode(existing, entry) ? EntryOutcome.Unchanged : EntryOutcome.AlreadyMarked;
        }

        Append(entry);
        return EntryOutcome.Recorded;
    }

    /// <summary>Replaces the current mark of a session with a new code; the original stays in <see cref="Entries"/>.</summary>
    public EntryOutcome Amend(RegisterEntry amendment)
    {
        if (string.IsNullOrWhiteSpace(amendment.AmendmentReason))
        {
            throw new ArgumentException("An amendment needs a reason.", nameof(amendment));
        }

        if (!current.TryGetValue(amendment.Session, out var existing))
        {
            return EntryOutcome.NotMarked;
        }

        if (SameCode(existing, amendment))
        {
            return EntryOutcome.Unchanged;
        }

        Append(amendment);
        return EntryOutcome.Recorded;
    }

    /// <summary>
    /// Takes back the latest entry, which must be <paramref name="entry"/>: the one the pupil's journal could not
    /// commit. The session's mark and the tally return to what they were before it.
    /// </summary>
    public void Undo(RegisterEntry entry)
    {
        if (entries.Count == 0 || !ReferenceEquals(entries[^1], entry))
        {
            throw new InvalidOperationException("Only the latest entry can be taken back.");
        }

        entries.RemoveAt(entries.Count - 1);
        Count(entry, -1);
        current.Remove(entry.Session);
        if (entries.FindLast(e => e.Session == entry.Session) is { } replaced)
        {
            current[entry.Session] = replaced;
            Count(replaced, +1);
        }
    }

    private static bool SameCode(RegisterEntry a, RegisterEntry b) =>
        NationalCodes.Get(a.Code) == NationalCodes.Get(b.Code);

    private void Append(RegisterEntry entry)
    {
        if (current.TryGetValue(entry.Session, out var replaced))
        {
            Count(replaced, -1);
        }

        entries.Add(entry);
        current[entry.Session] = entry;
        Count(entry, +1);
    }

    /// <summary>Counts a session's mark in (or out of) the tally of every year and the tally of its own year.</summary>
    private void Count(RegisterEntry entry, int delta)
    {
        var year = AcademicYear.Of(entry.Session.Date);
        if (!years.TryGetValue(year, out var tally))
        {
            years[year] = tally = new AttendanceTally();
        }

        if (delta > 0)
        {
            Tally.Add(entry.Code, entry.SchoolWeek);
            tally.Add(entry.Code, entry.SchoolWeek);
        }
        else
        {
            Tally.Remove(entry.Code, entry.SchoolWeek);
            tally.Remove(entry.Code, entry.SchoolWeek);
        }
    }
}
