namespace Attendance.Grains.Abstractions;

public enum ImportStatus
{
    Running = 1,
    Done = 2,
    Failed = 3,
}

/// <summary>How far a historic marks import has got: pupils done of the file's pupils, and sessions imported so far.</summary>
/// <param name="Imported">Sessions written to the register so far (rows for sessions already marked are not).</param>
/// <param name="Error">Why a failed import stopped, in words for the office.</param>
[GenerateSerializer, Immutable]
public sealed record ImportProgress(
    string Id, string SchoolId, ImportStatus Status, int Rows, int Pupils, int PupilsDone, int Imported, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error)
{
    /// <summary>Rows not imported because their session already had a mark (known once the import is done).</summary>
    public int? AlreadyInRegister => Status == ImportStatus.Done ? Rows - Imported : null;
}

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
