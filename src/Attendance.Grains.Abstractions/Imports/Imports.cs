using Attendance.Domain;

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

/// <summary>A pupil's rows of a historic marks file, checked, as the register's entries (<see cref="IPupilGrain.ImportHistory"/>).</summary>
[GenerateSerializer, Immutable]
public sealed record PupilHistory(string Upn, IReadOnlyList<RegisterEntry> Entries);

/// <summary>The keys of an import's job and of the parts its rows are kept in.</summary>
public static class ImportKeys
{
    /// <summary>How many pupils' rows a part holds: the job imports them together, one part per step.</summary>
    public const int PupilsPerPart = 16;

    public static string Job(string schoolId, string importId) => $"{schoolId}/{importId}";

    public static string Part(string schoolId, string importId, int part) => $"{schoolId}/{importId}/{part}";
}
