using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Analytics;

[GenerateSerializer]
public sealed class NationalReferenceState
{
    [Id(0)] public NationalReference? Reference { get; set; }
}

public sealed class NationalReferenceGrain([PersistentState("national-reference", StorageNames.Attendance)] IPersistentState<NationalReferenceState> state) : Grain, INationalReferenceGrain
{
    public Task<NationalReference?> Get() => Task.FromResult(state.State.Reference);

    public async Task Set(NationalReference? reference)
    {
        state.State.Reference = reference;
        await state.WriteStateAsync();
    }
}
