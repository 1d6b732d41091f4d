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
