using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Schools;

[GenerateSerializer]
public sealed class ImportPartState
{
    [Id(0)] public List<PupilHistory>? Pupils { get; set; }
}

/// <summary>
/// A part of an import's checked rows, stored until its job has imported it (see <see cref="IImportPartGrain"/>).
/// Kept, it goes out of memory: its job reads it back from storage, so a whole year's file does not wait in the silo.
/// </summary>
[SchoolPlacement]
public sealed class ImportPartGrain(
    [PersistentState("part", StorageNames.Attendance)] IPersistentState<ImportPartState> state) : Grain, IImportPartGrain, IRemindable
{
    private const string Reminder = "forget";

    /// <summary>How long a part no job has cleared is kept.</summary>
    private static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    public async Task Keep(IReadOnlyList<PupilHistory> pupils)
    {
        // The reminder first: a part stored and then never taken by a job still goes.
        await this.RegisterOrUpdateReminder(Reminder, KeptFor, KeptFor);
        state.State.Pupils = [.. pupils];
        await state.WriteStateAsync();
        DeactivateOnIdle();
    }

    public Task<IReadOnlyList<PupilHistory>?> Get() => Task.FromResult<IReadOnlyList<PupilHistory>?>(state.State.Pupils);

    public async Task Clear()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        if (await this.GetReminder(Reminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        DeactivateOnIdle();
    }

    /// <summary>A day after it was kept: its job never came for it, or stopped before it.</summary>
    public Task ReceiveReminder(string reminderName, TickStatus status) => Clear();
}
