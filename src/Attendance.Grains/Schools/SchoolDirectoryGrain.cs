using Attendance.Grains.Abstractions;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Schools;

[GenerateSerializer]
public sealed class SchoolDirectoryState
{
    [Id(0)] public Dictionary<string, SchoolListing> Schools { get; set; } = [];
}

public sealed class SchoolDirectoryGrain(
    [PersistentState("directory", StorageNames.Attendance)] IPersistentState<SchoolDirectoryState> state) : Grain, ISchoolDirectoryGrain
{
    public async Task Register(SchoolListing school)
    {
        if (state.State.Schools.GetValueOrDefault(school.SchoolId) != school)
        {
            state.State.Schools[school.SchoolId] = school;
            await state.WriteStateAsync();
        }
    }

    public Task<IReadOnlyList<SchoolListing>> GetSchools() =>
        Task.FromResult<IReadOnlyList<SchoolListing>>([.. state.State.Schools.Values.OrderBy(s => s.Name, StringComparer.Ordinal)]);
}
