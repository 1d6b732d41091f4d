using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Duty;

[GenerateSerializer]
public sealed class DutyState
{
    [Id(0)] public List<StaffOnDuty> OnDuty { get; set; } = [];
}

/// <summary>
/// The staff on duty at a school, each until the end of their day: the devices a truancy alert's notification goes to
/// (queued in the school's outbox like any message, so a notification that fails is retried and the office sees it).
/// </summary>
[SchoolPlacement]
public sealed class DutyGrain(
    [PersistentState("duty", StorageNames.Attendance)] IPersistentState<DutyState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, IDutyGrain
{
    private IEnumerable<StaffOnDuty> Now => state.State.OnDuty.Where(s => s.Until > clock.GetUtcNow());

    public async Task GoOnDuty(StaffOnDuty staff)
    {
        state.State.OnDuty = [.. Now.Where(s => s.Device.Endpoint != staff.Device.Endpoint), staff];
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<StaffOnDuty>> OnDuty() => Task.FromResult<IReadOnlyList<StaffOnDuty>>([.. Now]);

    public Task<IReadOnlyList<PushDevice>> Devices() => Task.FromResult<IReadOnlyList<PushDevice>>([.. Now.Select(s => s.Device)]);

    public async Task RemoveDevice(string endpoint)
    {
        if (state.State.OnDuty.RemoveAll(s => s.Device.Endpoint == endpoint) > 0)
        {
            await state.WriteStateAsync();
        }
    }
}
