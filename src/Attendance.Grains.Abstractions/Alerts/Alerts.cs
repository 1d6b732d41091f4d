using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>
/// A crossing, as a pupil's grain sends it to the school's alert inbox. <see cref="AlertId"/> numbers the pupil's
/// crossings of each measure (<c>{upn}-{kind}-{n}</c>) and is saved with the mark that caused it, so a resend after
/// a retry or a restart is recognised and never becomes a second alert.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CrossingNotice(
    string AlertId,
    string Upn,
    string PupilName,
    string ClassId,
    Crossing Crossing,
    StandingFigures Figures,
    RegisterEntry CausedBy,
    bool ForTrust);

public enum AlertStatus
{
    /// <summary>Raised, nobody has picked it up yet.</summary>
    Open,

    /// <summary>A lead has seen it (and possibly assigned it); a decision is still to come.</summary>
    Acknowledged,

    /// <summary>A decision was recorded.</summary>
    Decided,

    /// <summary>The pupil moved back across the line (a better mark, or an amendment) before a decision.</summary>
    Resolved,

    /// <summary>Not an alert: an improvement, recorded (seed 001 writes home when attendance improves).</summary>
    Improvement,
}

/// <summary>One thing that happened to an alert: who, when, what.</summary>
[GenerateSerializer, Immutable]
public sealed record AlertNote(DateTimeOffset At, string By, string What);

/// <summary>
/// The decision on the national threshold (2024 framework: the school must consider a penalty notice and record its
/// rationale). <see cref="Issue"/> pursues one for <see cref="Parent"/> (the headteacher only, with each of the
/// <see cref="Considerations"/> answered): it opens a penalty-notice case, which begins with a Notice to Improve or
/// the request to the local authority as the framework says.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PenaltyNoticeDecision(bool Issue, string Rationale, string? Parent = null, PenaltyConsiderations? Considerations = null);

/// <summary>An alert for a school's attendance leads, durable, with everything needed to act on it.</summary>
/// <param name="Upn">The pupil, or null for a school-level alert.</param>
/// <param name="Figures">The pupil's figures when it was raised.</param>
/// <param name="Summary">One sentence: what happened and the figure that caused it.</param>
[GenerateSerializer, Immutable]
public sealed record AttendanceAlert(
    string Id,
    string SchoolId,
    string? Upn,
    string? PupilName,
    string? ClassId,
    CrossingKind Kind,
    string From,
    string To,
    int Level,
    string Action,
    string Summary,
    StandingFigures? Figures,
    DateTimeOffset RaisedAt,
    AlertStatus Status,
    bool ForTrust,
    string? AssignedTo,
    string? Decision,
    PenaltyNoticeDecision? PenaltyNotice,
    string? Resolution,
    IReadOnlyList<AlertNote> Trail)
{
    public bool IsOpen => Status is AlertStatus.Open or AlertStatus.Acknowledged;

    /// <summary>A new open alert raised by the service itself rather than by a pupil's crossing (no figures, level 1).</summary>
    public static AttendanceAlert Raise(
        string id, string schoolId, string? upn, string? pupilName, string? classId, CrossingKind kind, string from, string to,
        string action, string summary, DateTimeOffset raisedAt, bool forTrust) =>
        new(id, schoolId, upn, pupilName, classId, kind, from, to, Level: 1, action, summary, Figures: null, raisedAt, AlertStatus.Open, forTrust,
            AssignedTo: null, Decision: null, PenaltyNotice: null, Resolution: null, Trail: []);
}

/// <summary>A lead's decision on an alert: what was done, and for the penalty-notice threshold, the notice decision.</summary>
/// <param name="PenaltyCase">A notice pursued: how its case began (set by the case, for the alert's trail).</param>
[GenerateSerializer, Immutable]
public sealed record AlertDecision(Staff DecidedBy, string Decision, PenaltyNoticeDecision? PenaltyNotice = null, string? PenaltyCase = null);

/// <summary>Which alerts to list: open ones by default, newest first.</summary>
[GenerateSerializer, Immutable]
public sealed record AlertQuery(bool IncludeClosed = false, string? Upn = null, CrossingKind? Kind = null, int Limit = 200, IReadOnlyList<string>? Classes = null);
