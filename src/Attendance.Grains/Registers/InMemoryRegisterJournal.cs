using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Registers;

/// <summary>
/// The embedded default's journal and legal register: this process's memory, gone when it stops (like the rest of
/// its state), with the same contract as PostgreSQL's (an append is all or nothing, a used number is a conflict).
/// </summary>
public sealed class InMemoryRegisterJournal : IRegisterJournal, ILegalRegister
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string SchoolId, string Upn), SortedList<int, LegalRegisterLine>> registers = [];
    private readonly Dictionary<(string SchoolId, string Upn), List<(CrossingNotice Notice, bool Delivered)>> crossings = [];

    public Task Append(JournalAppend append, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            if (append.Lines.FirstOrDefault(l => Register(l.SchoolId, l.Upn).ContainsKey(l.EntryNo)) is { } taken)
            {
                throw new JournalConflictException($"Entry {taken.EntryNo} of pupil {taken.Upn}'s register at {taken.SchoolId} is already written.");
            }

            foreach (var line in append.Lines)
            {
                Register(line.SchoolId, line.Upn).Add(line.EntryNo, line);
            }

            if (append.Crossings.Count > 0)
            {
                Crossings(append.SchoolId, append.Upn).AddRange(append.Crossings.Select(c => (c, false)));
            }
        }

        return Task.CompletedTask;
    }

    public Task<PupilJournal> Load(string schoolId, string upn, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var made = Crossings(schoolId, upn);
            return Task.FromResult(new PupilJournal(
                [.. Register(schoolId, upn).Values],
                [.. made.Where(c => !c.Delivered).Select(c => c.Notice)],
                made.GroupBy(c => c.Notice.Crossing.Kind).ToDictionary(g => g.Key, g => g.Count())));
        }
    }

    public Task Delivered(string schoolId, string upn, IReadOnlyList<string> alertIds, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var made = Crossings(schoolId, upn);
            for (var i = 0; i < made.Count; i++)
            {
                if (alertIds.Contains(made[i].Notice.AlertId))
                {
                    made[i] = made[i] with { Delivered = true };
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<LegalRegisterLine>> Read(string schoolId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        Select(p => p.SchoolId == schoolId, l => l.Session.Date >= from && l.Session.Date <= to);

    public Task<IReadOnlyList<LegalRegisterLine>> History(string schoolId, string upn, Session session, CancellationToken cancellationToken = default) =>
        Select(p => p == (schoolId, upn), l => l.Session == session);

    public Task<IReadOnlyDictionary<string, int>> Purge(DateOnly sessionsUpTo, DateTimeOffset madeBefore, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var purged = registers.Values.SelectMany(r => r.Values).Where(l => l.Session.Date <= sessionsUpTo && l.RecordedAt < madeBefore).ToList();
            foreach (var line in purged)
            {
                registers[(line.SchoolId, line.Upn)].Remove(line.EntryNo);
            }

            return Task.FromResult<IReadOnlyDictionary<string, int>>(purged.GroupBy(l => l.SchoolId).ToDictionary(g => g.Key, g => g.Count()));
        }
    }

    private SortedList<int, LegalRegisterLine> Register(string schoolId, string upn)
    {
        if (!registers.TryGetValue((schoolId, upn), out var register))
        {
            registers[(schoolId, upn)] = register = [];
        }

        return register;
    }

    private List<(CrossingNotice Notice, bool Delivered)> Crossings(string schoolId, string upn)
    {
        if (!crossings.TryGetValue((schoolId, upn), out var made))
        {
            crossings[(schoolId, upn)] = made = [];
        }

        return made;
    }

    private Task<IReadOnlyList<LegalRegisterLine>> Select(Func<(string SchoolId, string Upn), bool> pupils, Func<LegalRegisterLine, bool> where)
    {
        lock (gate)
        {
            return Task.FromResult<IReadOnlyList<LegalRegisterLine>>([.. registers.Where(p => pupils(p.Key)).SelectMany(p => p.Value.Values).Where(where)
                .OrderBy(l => l.Session).ThenBy(l => l.Upn, StringComparer.Ordinal).ThenBy(l => l.EntryNo)]);
        }
    }
}
