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
/// One pupil's register, every year of it: an append-only list of entries and the current mark per session, with the
/// codes and tallies (<see cref="Marks"/>) kept in step with each entry.
/// </summary>
public sealed class PupilRegister
{
    private readonly List<RegisterEntry> entries = [];
    private readonly SortedList<Session, RegisterEntry> current = [];

    public PupilRegister(IEnumerable<RegisterEntry>? history = null)
    {
        foreach (var entry in history ?? [])
        {
            Append(entry);
        }
    }

    /// <summary>Each session's code and the tallies: what the figures and standing are read from.</summary>
    public SessionMarks Marks { get; } = new();

    /// <summary>Every year's marks: what the rolling windows count (the summer holiday has no school weeks).</summary>
    public AttendanceTally Tally => Marks.Tally;

    /// <summary>One academic year's marks: what attendance, bands, stages and persistent absence count.</summary>
    public AttendanceTally TallyIn(AcademicYear year) => Marks.TallyIn(year);

    /// <summary>The year of the latest session marked; null before any mark.</summary>
    public AcademicYear? LatestYear => Marks.LatestYear;

    /// <inheritdoc cref="SessionMarks.Snapshot"/>
    public TallySnapshot Snapshot(AcademicYear year, int? currentWeek, int rollingWeeks = AttendanceTally.DefaultRollingWeeks) =>
        Marks.Snapshot(year, currentWeek, rollingWeeks);

    /// <summary>Every entry in the order it was made, amendments included.</summary>
    public IReadOnlyList<RegisterEntry> Entries => entries;

    public RegisterEntry? CurrentMark(Session session) => current.GetValueOrDefault(session);

    /// <summary>Each session's mark as it stands, in session order.</summary>
    public IEnumerable<RegisterEntry> CurrentMarks() => current.Values;

    public IEnumerable<RegisterEntry> History(Session session) => entries.Where(e => e.Session == session);

    /// <inheritdoc cref="SessionMarks.UnauthorisedRun"/>
    public int UnauthorisedRun(int limit) => Marks.UnauthorisedRun(limit);

    /// <summary>Marks a session that has no mark yet. Resending the same code changes nothing.</summary>
    public EntryOutcome Mark(RegisterEntry entry) => Record(entry, amend: false);

    /// <summary>Replaces the current mark of a session with a new code; the original stays in <see cref="Entries"/>.</summary>
    public EntryOutcome Amend(RegisterEntry amendment) => Record(amendment, amend: true);

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
        current.Remove(entry.Session);
        var replaced = entries.FindLast(e => e.Session == entry.Session);
        if (replaced is not null)
        {
            current[entry.Session] = replaced;
        }

        Marks.Set(entry.Session, replaced is null ? null : NationalCodes.Get(replaced.Code), (replaced ?? entry).SchoolWeek);
    }

    private EntryOutcome Record(RegisterEntry entry, bool amend)
    {
        var outcome = Marks.Decide(entry, amend);
        if (outcome == EntryOutcome.Recorded)
        {
            Append(entry);
        }

        return outcome;
    }

    private void Append(RegisterEntry entry)
    {
        entries.Add(entry);
        current[entry.Session] = entry;
        Marks.Set(entry.Session, NationalCodes.Get(entry.Code), entry.SchoolWeek);
    }
}
