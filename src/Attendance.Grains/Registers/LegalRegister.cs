using System.Collections.Concurrent;
using Attendance.Domain;

namespace Attendance.Grains;

/// <summary>
/// One line of the legal attendance register: an entry of a pupil's register as the law asks it to be kept, with who
/// made it, in what role and from where, and for an amendment the entry it replaced and why.
/// </summary>
/// <param name="EntryNo">The entry's place in the pupil's register, from 1: the line's identity, so writing it twice keeps one.</param>
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
    DateTimeOffset? OriginalRecordedAt)
{
    /// <summary>The line for entry <paramref name="index"/> of a pupil's entries (in the order they were made).</summary>
    public static LegalRegisterLine For(string schoolId, string upn, IReadOnlyList<RegisterEntry> entries, int index)
    {
        var entry = entries[index];
        var replaced = entry.IsAmendment ? LastBefore(entries, index, entry.Session) : -1;
        var original = replaced >= 0 ? entries[replaced] : null;
        return new(
            schoolId, upn, index + 1, entry.Session, entry.Code, entry.Source, entry.RecordedBy.Name, entry.RecordedBy.Position,
            entry.RecordedAt, entry.ArrivedAt, entry.AmendmentReason ?? entry.Note,
            original is null ? null : replaced + 1, original?.Code, original?.RecordedBy.Name, original?.RecordedAt);
    }

    private static int LastBefore(IReadOnlyList<RegisterEntry> entries, int index, Session session)
    {
        for (var i = index - 1; i >= 0; i--)
        {
            if (entries[i].Session == session)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>
/// The append-only legal register (PostgreSQL when configured). Pupils write their entries to it after storing them;
/// a line already there is kept as it is, so replaying entries after a crash writes each exactly once.
/// </summary>
public interface ILegalRegister
{
    Task Append(IReadOnlyList<LegalRegisterLine> lines, CancellationToken cancellationToken = default);

    /// <summary>A school's lines for the sessions from <paramref name="from"/> to <paramref name="to"/>, in date, session, pupil and entry order.</summary>
    Task<IReadOnlyList<LegalRegisterLine>> Read(string schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    /// <summary>Every line of one pupil's session, in the order they were made.</summary>
    Task<IReadOnlyList<LegalRegisterLine>> History(string schoolId, string upn, Session session, CancellationToken cancellationToken = default);

    /// <summary>Removes lines made before <paramref name="madeBefore"/> (the retention job only); returns how many per school.</summary>
    Task<IReadOnlyDictionary<string, int>> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default);
}

/// <summary>The embedded default's legal register: this process's memory, gone when it stops (like the rest of its state).</summary>
public sealed class InMemoryLegalRegister : ILegalRegister
{
    private readonly ConcurrentDictionary<(string SchoolId, string Upn, int EntryNo), LegalRegisterLine> lines = new();

    public Task Append(IReadOnlyList<LegalRegisterLine> added, CancellationToken cancellationToken = default)
    {
        foreach (var line in added)
        {
            lines.TryAdd((line.SchoolId, line.Upn, line.EntryNo), line);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LegalRegisterLine>> Read(string schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Select(l => l.SchoolId == schoolId && l.Session.Date >= from && l.Session.Date <= to);

    public Task<IReadOnlyList<LegalRegisterLine>> History(string schoolId, string upn, Session session, CancellationToken cancellationToken = default) =>
        Select(l => l.SchoolId == schoolId && l.Upn == upn && l.Session == session);

    public Task<IReadOnlyDictionary<string, int>> Purge(DateTimeOffset madeBefore, CancellationToken cancellationToken = default)
    {
        var purged = lines.Where(l => l.Value.RecordedAt < madeBefore).Select(l => l.Key).ToList();
        foreach (var key in purged)
        {
            lines.TryRemove(key, out _);
        }

        return Task.FromResult<IReadOnlyDictionary<string, int>>(purged.GroupBy(k => k.SchoolId).ToDictionary(g => g.Key, g => g.Count()));
    }

    private Task<IReadOnlyList<LegalRegisterLine>> Select(Func<LegalRegisterLine, bool> where) =>
        Task.FromResult<IReadOnlyList<LegalRegisterLine>>([.. lines.Values.Where(where)
            .OrderBy(l => l.Session).ThenBy(l => l.Upn, StringComparer.Ordinal).ThenBy(l => l.EntryNo)]);
}
