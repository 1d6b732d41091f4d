using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Families;

[GenerateSerializer]
public sealed class ParentState
{
    /// <summary>The linked pupils at each school, by school id.</summary>
    [Id(0)] public Dictionary<string, List<string>> Children { get; set; } = [];

    /// <summary>The identity provider's account (issuer and subject) that first signed in with the address.</summary>
    [Id(1)] public string? Account { get; set; }

    /// <summary>The parent's devices with notifications on, oldest first.</summary>
    [Id(2)] public List<PushDevice> Devices { get; set; } = [];
}

/// <summary>
/// A parent's e-mail address: their children across the trust's schools (kept by each school's roster import) and the
/// sign-in account that uses the address, bound when it first signs in while the address has children, and the
/// devices on which that account turned notifications on.
/// </summary>
public sealed class ParentGrain([PersistentState("parent", StorageNames.Attendance)] IPersistentState<ParentState> state) : Grain, IParentGrain
{
    public async Task SetChildren(string schoolId, IReadOnlyList<string> upns)
    {
        var known = state.State.Children.GetValueOrDefault(schoolId) ?? [];
        if (known.SequenceEqual(upns))
        {
            return;
        }

        if (upns.Count == 0)
        {
            state.State.Children.Remove(schoolId);
        }
        else
        {
            state.State.Children[schoolId] = [.. upns];
        }

        await state.WriteStateAsync();
    }

    public async Task<IReadOnlyList<ChildLink>?> ChildrenOf(string account)
    {
        if (state.State.Account is null && state.State.Children.Count > 0)
        {
            state.State.Account = account;
            await state.WriteStateAsync();
        }

        return state.State.Account is null || state.State.Account == account
            ? [.. state.State.Children.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Select(upn => new ChildLink(c.Key, upn)))]
            : null;
    }

    public async Task ForgetAccount()
    {
        state.State.Account = null;
        state.State.Devices.Clear();
        await state.WriteStateAsync();
    }

    public async Task AddDevice(PushDevice device)
    {
        var devices = state.State.Devices;
        devices.RemoveAll(d => d.Endpoint == device.Endpoint);
        devices.Add(device);
        if (devices.Count > PushDevice.MostPerParent)
        {
            devices.RemoveRange(0, devices.Count - PushDevice.MostPerParent);
        }

        await state.WriteStateAsync();
    }

    public async Task RemoveDevice(string endpoint)
    {
        if (state.State.Devices.RemoveAll(d => d.Endpoint == endpoint) > 0)
        {
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<PushDevice>> Devices() => Task.FromResult<IReadOnlyList<PushDevice>>([.. state.State.Devices]);

    public Task<bool> HasChildrenAt(string schoolId) => Task.FromResult(state.State.Children.ContainsKey(schoolId));
}
