using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>One pupil's line in a class register.</summary>
/// <param name="AtProvision">The provision's name when the pupil is expected there this session (it marks them).</param>
/// <param name="Flags">Null where the reader may not see them (the API leaves out what a role may not see).</param>
[GenerateSerializer, Immutable]
public sealed record RegisterLine(string Upn, string Name, RegisterEntry? Mark, bool Amended, string? AtProvision = null, string? LegalName = null, PupilFlags? Flags = null);

[GenerateSerializer]
public enum RegisterState
{
    NotStarted,
    InProgress,
    Submitted,
}

/// <summary>A class's register for a session.</summary>
[GenerateSerializer, Immutable]
public sealed record ClassRegister(
    string ClassId,
    string ClassName,
    Session Session,
    RegisterState State,
    Staff? SubmittedBy,
    DateTimeOffset? SubmittedAt,
    SessionCounts Counts,
    IReadOnlyList<RegisterLine> Lines,
    decimal? WeekAttendancePercent);

/// <summary>A class's headline figures for one session, for the live school view.</summary>
/// <param name="WeekAttendancePercent">
/// The class's attendance this school week up to this session, against the school's target (seed 001 celebrates
/// classes above 96% each week).
/// </param>
[GenerateSerializer, Immutable]
public sealed record ClassSessionStatus(string ClassId, string ClassName, RegisterState State, SessionCounts Counts, decimal? WeekAttendancePercent);

/// <summary>
/// The school right now: the register status of every class for the latest session whose register has opened
/// (today's during the school day, the last school day's on a weekend or holiday), and the totals.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SchoolStatus(
    string SchoolId,
    string SchoolName,
    Session? Session,
    bool SessionIsToday,
    decimal TargetPercent,
    SessionCounts Totals,
    IReadOnlyList<ClassSessionStatus> Classes);

/// <summary>A pupil's attendance for this academic year so far (the rolling window spans years) and today's marks.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilSummary(PupilDetails Pupil, TallySnapshot Attendance, IReadOnlyList<RegisterEntry> TodaysMarks);
