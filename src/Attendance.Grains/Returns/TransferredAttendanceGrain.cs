using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Returns;

[GenerateSerializer]
public sealed class TransferredAttendanceState
{
    [Id(0)] public List<TransferredYear> Years { get; set; } = [];
}

[SchoolPlacement]
public sealed class TransferredAttendanceGrain([PersistentState("transferred", StorageNames.Attendance)] IPersistentState<TransferredAttendanceState> state) : Grain, ITransferredAttendanceGrain
{
    public async Task Record(IReadOnlyList<CtfYear> years, string importedBy, DateTimeOffset at)
    {
        var kept = state.State.Years;
        var changed = years.Where(y => !kept.Any(k => k.Attendance == y)).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        kept.RemoveAll(k => changed.Any(y => y.SameSchoolYear(k.Attendance)));
        kept.AddRange(changed.Select(y => new TransferredYear(y, importedBy, at)));
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<TransferredYear>> List() =>
        Task.FromResult<IReadOnlyList<TransferredYear>>([.. state.State.Years.OrderByDescending(y => y.Attendance.Year).ThenBy(y => y.Attendance.StartDate)]);
}
