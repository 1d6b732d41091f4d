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
/// One pupil's register for the year: an append-only list of entries, the current mark per session, and the tally,
/// kept in step with each entry.
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

    public AttendanceTally Tally { get; } = new();

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
        Tally.Remove(entry.Code, entry.SchoolWeek);
        current.Remove(entry.Session);
        if (entries.FindLast(e => e.Session == entry.Session) is { } replaced)
        {
            current[entry.Session] = replaced;
            Tally.Add(replaced.Code, replaced.SchoolWeek);
        }
    }

    private static bool SameCode(RegisterEntry a, RegisterEntry b) =>
        NationalCodes.Get(a.Code) == NationalCodes.Get(b.Code);

    private void Append(RegisterEntry entry)
    {
        if (current.TryGetValue(entry.Session, out var replaced))
        {
            Tally.Remove(replaced.Code, replaced.SchoolWeek);
        }

        entries.Add(entry);
        current[entry.Session] = entry;
        Tally.Add(entry.Code, entry.SchoolWeek);
    }
}
