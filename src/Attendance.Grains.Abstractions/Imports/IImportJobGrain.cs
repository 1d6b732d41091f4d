namespace Attendance.Grains.Abstractions;

/// <summary>
/// A historic marks import under way (key: school/id), for the page that follows it. Kept in memory only: the marks are
/// in the register as each pupil's append commits; if the silo holding the job stops, importing the same file again
/// finishes the work (rows already in the register are not imported twice).
/// </summary>
public interface IImportJobGrain : IGrainWithStringKey
{
    Task Start(ImportProgress progress);

    Task Report(int pupilsDone, int imported);

    /// <param name="error">Null when the import finished; otherwise why it stopped.</param>
    Task Finish(string? error);

    [ReadOnly]
    Task<ImportProgress?> Get();
}
