using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Letters;

[GenerateSerializer]
public sealed class SavedListsState
{
    /// <summary>By name in capitals: a name is the same list in any case.</summary>
    [Id(0)] public Dictionary<string, SavedList> Lists { get; set; } = [];
}

/// <summary>A school's saved lists for letters and messages: a name and the criteria, nothing about the pupils (who is on it is worked out when it is used).</summary>
[SchoolPlacement]
public sealed class SavedListsGrain(
    [PersistentState("saved-lists", StorageNames.Attendance)] IPersistentState<SavedListsState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ISavedListsGrain
{
    private const int MaxName = 60;

    public async Task<Outcome<SavedList>> Save(SavedList list)
    {
        var name = list.Name?.Trim() ?? "";
        var refused = Rejection.WithoutStaff(list.SavedBy, "saving the list")
            ?? (name.Length is 0 or > MaxName || name is "." or ".." || name.IndexOfAny(['/', '\\', '%', '?', '#']) >= 0
                ? new Rejection(RejectionReason.InvalidRequest, $"Name the list in 1 to {MaxName} characters, without / \\ % ? # (it is part of the list's address), e.g. \"Half-term letters: Concern band\".", ["name"])
            : list.Criteria is null || list.Criteria.IsEmpty ? new Rejection(RejectionReason.InvalidRequest, "Say who the list holds: a stage, a band, a class, a year group or a measure.", ["stage", "band", "classId", "yearGroup", "measure"])
            : list.Criteria.Measure is { } measure && !Enum.IsDefined(measure) ? new Rejection(RejectionReason.InvalidRequest, "The measure is PersistentlyAbsent, SeverelyAbsent, PenaltyNoticeThreshold or PersistentLateness.", ["measure"])
            : null);
        if (refused is not null)
        {
            return refused;
        }

        var saved = list with { Name = name, SavedAt = clock.GetUtcNow() };
        state.State.Lists[name.ToUpperInvariant()] = saved;
        await state.WriteStateAsync();
        return saved;
    }

    public async Task<bool> Remove(string name)
    {
        if (!state.State.Lists.Remove(name.Trim().ToUpperInvariant()))
        {
            return false;
        }

        await state.WriteStateAsync();
        return true;
    }

    public Task<IReadOnlyList<SavedList>> List() =>
        Task.FromResult<IReadOnlyList<SavedList>>([.. state.State.Lists.Values.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase)]);
}
