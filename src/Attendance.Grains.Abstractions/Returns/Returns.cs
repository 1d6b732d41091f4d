namespace Attendance.Grains.Abstractions;

/// <summary>Which statutory extract was taken (issue 16).</summary>
public enum ExtractKind
{
    /// <summary>The DfE's daily attendance data: pupils' identifiers, characteristics and codes per session.</summary>
    DfeDailyAttendance = 1,

    /// <summary>A leaving pupil's Common Transfer File: identifiers and attendance, to the next school.</summary>
    CommonTransferFile = 2,

    /// <summary>Everything held about one pupil, for a subject access request (UK GDPR article 15).</summary>
    SubjectAccessExport = 3,
}

/// <summary>One statutory extract taken: who, when, what and how much. Kept for good, as the data-sharing record.</summary>
[GenerateSerializer, Immutable]
public sealed record ExtractRecord(ExtractKind Kind, DateOnly From, DateOnly To, int Pupils, int Rows, string By, string Role, DateTimeOffset At);
