using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Returns;

[GenerateSerializer]
public sealed class ExtractLogState
{
    [Id(0)] public List<ExtractRecord> Extracts { get; set; } = [];
}

/// <summary>Appends only: an extract, once taken, stays on the record.</summary>
[SchoolPlacement]
public sealed class ExtractLogGrain([PersistentState("extracts", StorageNames.Attendance)] IPersistentState<ExtractLogState> state) : Grain, IExtractLogGrain
{
    public async Task Record(ExtractRecord extract)
    {
        state.State.Extracts.Add(extract);
        await state.WriteStateAsync();
    }

    /// <summary>Newest first: the reverse of the order they were taken (two in the same second keep their order).</summary>
    public Task<IReadOnlyList<ExtractRecord>> List() =>
        Task.FromResult<IReadOnlyList<ExtractRecord>>([.. state.State.Extracts.AsEnumerable().Reverse()]);
}
