using System.Collections.Concurrent;
using Attendance.Domain;

namespace Attendance.Grains.Registers;

/// <summary>
/// One line of the legal attendance register: an entry of a pupil's register as the law asks it to be kept, with who
/// made it, in what role and from where, and for an amendment the entry it replaced and why. The lines are the
/// pupil's register itself (see <see cref="IRegisterJournal"/>): a pupil is rebuilt from them.
/// </summary>
/// <param name="EntryNo">The entry's place in the pupil's register, from 1: the line's identity, so no number is used twice.</param>
/// <param name="SchoolWeek">The session's school week, which the rolling counters are kept by.</param>
public sealed record LegalRegisterLine(
    string SchoolId,
    string Upn,
    int EntryNo,
    Session Session,
    string Code,
    MarkSource Source,
    string RecordedBy,
    string RecordedRole,
    DateTimeOffset RecordedAt,
    TimeOnly? ArrivedAt,
    string? Reason,
    int? AmendsEntryNo,
    string? OriginalCode,
    string? OriginalRecordedBy,
    DateTimeOffset? OriginalRecordedAt,
    int SchoolWeek = 0)
{
    /// <summary>The line for <paramref name="entry"/>, numbered <paramref name="entryNo"/>; an amendment names the entry it replaced.</summary>
    public static LegalRegisterLine For(string schoolId, string upn, int entryNo, RegisterEntry entry, NumberedEntry? replaced) => new(
        schoolId, upn, entryNo, entry.Session, entry.Code, entry.Source, entry.RecordedBy.Name, entry.RecordedBy.Position,
        entry.RecordedAt, entry.ArrivedAt, entry.AmendmentReason ?? entry.Note,
        entry.IsAmendment ? replaced?.No : null, entry.IsAmendment ? replaced?.Entry.Code : null,
        entry.IsAmendment ? replaced?.Entry.RecordedBy.Name : null, entry.IsAmendment ? replaced?.Entry.RecordedAt : null,
        entry.SchoolWeek);

    /// <summary>
    /// The register entry this line records. An amendment is a line that names the entry it replaced. Entries made
    /// from one pupil's lines share <paramref name="people"/> (the staff who made them) and the national code strings:
    /// each line read from the database brings its own copies, and a July register of 370 lines by a dozen staff kept
    /// 370 of each (measured: a third of the heap of a pupil with a year of history).
    /// </summary>
    public RegisterEntry ToEntry(Dictionary<(string Name, string Role), Staff>? people = null)
    {
        var amendment = AmendsEntryNo is not null;
        var by = people is null ? new Staff(RecordedBy, RecordedRole)
            : people.TryGetValue((RecordedBy, RecordedRole), out var known) ? known
            : people[(RecordedBy, RecordedRole)] = new Staff(RecordedBy, RecordedRole);
        return new(Session, NationalCodes.TryGet(Code, out var code) ? code.Code : Code, Source, by, RecordedAt, SchoolWeek, ArrivedAt,
            amendment ? Reason ?? "" : null, amendment ? null : Reason);
    }
}

/// <summary>A pupil's entry with its number in their register.</summary>
public readonly record struct NumberedEntry(int No, RegisterEntry Entry);

/// <summary>
/// The legal register as the school reads it (PostgreSQL when configured): the lines pupils' journals appended.
/// </summary>
public interface ILegalRegister
{
    /// <summary>A school's lines for the sessions from <paramref name="from"/> to <paramref name="to"/>, in date, session, pupil and entry order.</summary>
    Task<IReadOnlyList<LegalRegisterLine>> Read(string schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Every line of one pupil's session, in the order they were made.</summary>
    Task<IReadOnlyList<LegalRegisterLine>> History(string schoolId, string upn, Session session, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes lines made before <paramref name="madeBefore"/> whose session is on or before <paramref name="sessionsUpTo"/>
    /// (the retention job only); returns how many per school. Both: a line's recorded time may come from an import.
    /// </summary>
    Task<IReadOnlyDictionary<string, int>> Purge(DateOnly sessionsUpTo, DateTimeOffset madeBefore, CancellationToken cancellationToken = default);
}
