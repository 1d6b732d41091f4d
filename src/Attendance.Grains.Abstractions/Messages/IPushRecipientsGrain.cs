namespace Attendance.Grains.Abstractions;

/// <summary>Whoever notifications go to (a parent, a school's staff on duty): their devices, and forgetting one its push service says is gone.</summary>
public interface IPushRecipientsGrain : IGrainWithStringKey
{
    /// <summary>The devices with notifications on.</summary>
    [ReadOnly]
    Task<IReadOnlyList<PushDevice>> Devices();

    /// <summary>Turns notifications off for a device: its owner did, or its push service said the subscription is gone.</summary>
    Task RemoveDevice(string endpoint);
}
