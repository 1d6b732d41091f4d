using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains;

[GenerateSerializer]
public sealed class PupilState
{
    [Id(0)] public PupilDetails? Details { get; set; }

    /// <summary>Every mark and amendment, in order: the register itself. Tallies are rebuilt from it on activation.</summary>
    [Id(1)] public List<RegisterEntry> Entries { get; set; } = [];
}

public sealed class PupilGrain(
    [PersistentState("pupil", StorageNames.Attendance)] IPersistentState<PupilState> state) : Grain, IPupilGrain
{
    private PupilRegister register = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        register = new PupilRegister(state.State.Entries);
        return Task.CompletedTask;
    }

    public async Task UpdateDetails(PupilDetails details)
    {
        if (details == state.State.Details)
        {
            return;
        }

        state.State.Details = details;
        await WriteOrReload();
    }

    public Task<PupilDetails?> GetDetails() => Task.FromResult(state.State.Details);

    public Task<PupilEntryResult> Mark(RegisterEntry entry) => Record(entry, register.Mark);

    public Task<PupilEntryResult> Amend(RegisterEntry amendment) => Record(amendment, register.Amend);

    public async Task<int> ImportHistory(IReadOnlyList<RegisterEntry> entries)
    {
        var added = entries.Where(e => register.Mark(e) == EntryOutcome.Recorded).ToList();
        if (added.Count > 0)
        {
            state.State.Entries.AddRange(added);
            await WriteOrReload();
        }

        return added.Count;
    }

    public Task<RegisterEntry?> GetMark(Session session) => Task.FromResult(register.CurrentMark(session));

    public Task<IReadOnlyList<RegisterEntry>> GetHistory(Session session) =>
        Task.FromResult<IReadOnlyList<RegisterEntry>>([.. register.History(session)]);

    public Task<PupilSummary?> GetSummary(DateOnly today, int? currentWeek)
    {
        if (state.State.Details is not { } details)
        {
            return Task.FromResult<PupilSummary?>(null);
        }

        RegisterEntry?[] todays = [register.CurrentMark(new Session(today, SessionPart.AM)), register.CurrentMark(new Session(today, SessionPart.PM))];
        return Task.FromResult<PupilSummary?>(new PupilSummary(
            details,
            register.Tally.Snapshot(currentWeek),
            [.. todays.OfType<RegisterEntry>()]));
    }

    private async Task<PupilEntryResult> Record(RegisterEntry entry, Func<RegisterEntry, EntryOutcome> apply)
    {
        var outcome = apply(entry);
        if (outcome == EntryOutcome.Recorded)
        {
            state.State.Entries.Add(entry);
            await WriteOrReload();
        }

        return new PupilEntryResult(outcome, register.CurrentMark(entry.Session));
    }

    /// <summary>
    /// A mark is acknowledged only once it is stored. If the write fails the caller sees the error and this
    /// activation is dropped, so the next call reloads what storage really holds instead of an unsaved entry.
    /// </summary>
    private async Task WriteOrReload()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }
}
