namespace Attendance.Grains.Abstractions;

/// <summary>
/// One part of a historic marks import's checked rows (key: school/import/n, <see cref="ImportKeys.Part"/>): about
/// sixteen pupils' rows, stored until the import's job has imported them. A part no job takes (the request that kept
/// it stopped before starting its job) clears itself a day after it was kept.
/// </summary>
public interface IImportPartGrain : IGrainWithStringKey
{
    Task Keep(IReadOnlyList<PupilHistory> pupils);

    /// <summary>The part's pupils with their rows; null when nothing is kept (never kept, or cleared).</summary>
    [ReadOnly]
    Task<IReadOnlyList<PupilHistory>?> Get();

    Task Clear();
}
