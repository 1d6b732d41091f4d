using Attendance.Grains.Abstractions;

namespace Attendance.Grains;

[GenerateSerializer]
public sealed class ParentState
{
    /// <summary>The linked pupils at each school, by school id.</summary>
    [Id(0)] public Dictionary<string, List<string>> Children { get; set; } = [];
}

/// <summary>A parent account's children across the trust's schools, kept by each school's roster import.</summary>
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

    public Task<IReadOnlyList<ChildLink>> GetChildren() => Task.FromResult<IReadOnlyList<ChildLink>>(
        [.. state.State.Children.OrderBy(c => c.Key, StringComparer.Ordinal).SelectMany(c => c.Value.Select(upn => new ChildLink(c.Key, upn)))]);
}
