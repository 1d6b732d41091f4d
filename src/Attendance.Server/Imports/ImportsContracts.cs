using Attendance.Grains.Abstractions;

namespace Attendance.Server.Imports;

/// <summary>What a historic marks import did, and the file's sessions per category for each pupil, to compare with the old system's totals.</summary>
/// <param name="Skipped">With <c>skipBadRows</c>: each refused row, named by its line, not imported.</param>
public sealed record HistoryImportResult(
    int Rows, int Pupils, int Imported, int AlreadyInRegister, IReadOnlyDictionary<string, int> Mapped, IReadOnlyList<PupilTotals> Totals, IReadOnlyList<string> Skipped);

/// <param name="Sessions">By statistical category (present, authorisedAbsence, ...): the file's rows for the pupil.</param>
public sealed record PupilTotals(string Upn, IReadOnlyDictionary<string, int> Sessions);

/// <summary>A historic marks import started as a job: the job (follow it at its Location) and the file's figures.</summary>
public sealed record HistoryJobStarted(ImportProgress Job, HistoryImportResult File);
