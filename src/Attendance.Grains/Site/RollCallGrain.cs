using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Site;

[GenerateSerializer]
public sealed class RollCallState
{
    [Id(0)] public RollCall? RollCall { get; set; }
}

/// <summary>
/// One emergency roll call, kept for good: each tap is written before it is answered, then pushed to the school's
/// feed at once (not coalesced), so the office's missing list and every colleague's phone show it within a second.
/// </summary>
[SchoolPlacement]
public sealed class RollCallGrain(
    [PersistentState("roll-call", StorageNames.Attendance)] IPersistentState<RollCallState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, IRollCallGrain
{
    public async Task<RollCall> Begin(RollCall started)
    {
        if (state.State.RollCall is { } begun)
        {
            return begun;
        }

        state.State.RollCall = started;
        await state.WriteStateAsync();
        Tell(new RollCallChange(started.SchoolId, started.Id, Ended: false, Line: null));
        return started;
    }

    public async Task<Outcome<RollCallLine>> Account(string upn, bool accounted, Staff by)
    {
        if ((Check() ?? Rejection.WithoutStaff(by, "accounting for the pupil")) is { } refused)
        {
            return refused;
        }

        var rollCall = state.State.RollCall!;
        var index = rollCall.Lines.ToList().FindIndex(l => l.Upn == upn);
        if (index < 0)
        {
            return new Rejection(RejectionReason.UnknownPupil,
                $"Pupil {upn} is not on this roll call: they were not expected on site when it began (absent, signed out or not on roll). Tell the office if they are with you.", [upn]);
        }

        var line = rollCall.Lines[index];
        if (line.Accounted == accounted)
        {
            return line; // a second tap from another phone: the first who accounted for them stays on record
        }

        var changed = (accounted ? line with { AccountedBy = by, AccountedAt = clock.GetUtcNow() } : line with { AccountedBy = null, AccountedAt = null })
            with { Version = line.Version + 1 };
        state.State.RollCall = rollCall with { Lines = [.. rollCall.Lines.Select((l, i) => i == index ? changed : l)] };
        await state.WriteStateAsync();
        Tell(new RollCallChange(rollCall.SchoolId, rollCall.Id, Ended: false, changed));
        return changed;
    }

    public async Task<Outcome<RollCall>> End(Staff by)
    {
        if ((Check() ?? Rejection.WithoutStaff(by, "ending the roll call")) is { } refused)
        {
            return refused;
        }

        var ended = state.State.RollCall! with { EndedAt = clock.GetUtcNow(), EndedBy = by };
        state.State.RollCall = ended;
        await state.WriteStateAsync();
        Tell(new RollCallChange(ended.SchoolId, ended.Id, Ended: true, Line: null));
        return ended;
    }

    public Task<RollCall?> Get() => Task.FromResult(state.State.RollCall);

    private Rejection? Check() => state.State.RollCall switch
    {
        null => new Rejection(RejectionReason.UnknownRollCall, $"There is no roll call '{this.GetPrimaryKeyString()}'."),
        { Ended: true } ended => new Rejection(RejectionReason.RollCallEnded,
            $"The roll call was ended by {ended.EndedBy!.Name} ({ended.EndedBy.Position}): it is kept as it stood then. Start a new one if needed."),
        _ => null,
    };

    private void Tell(RollCallChange change) => GrainFactory.GetGrain<ISchoolFeedGrain>(change.SchoolId).RollCallChanged(change).Ignore();
}
