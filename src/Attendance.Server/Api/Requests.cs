using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Api;

/// <summary>A teacher's register for one session (the session is in the URL).</summary>
public sealed record RegisterRequest(Staff? TakenBy, IReadOnlyList<PupilMark>? Marks);

public sealed record MarkRequest(Session? Session, string? Code, Staff? RecordedBy, MarkSource? Source);

/// <summary>A gate or reception arrival; <see cref="ArrivedAt"/> defaults to now.</summary>
public sealed record ArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt);

public sealed record AmendmentRequest(Session? Session, string? Code, string? Reason, Staff? AmendedBy);

/// <summary>A guest pupil's placement at a provision: their referring school, schedule and agreement code (B unless K or D).</summary>
public sealed record GuestPlacementRequest(string? SchoolId, IReadOnlyList<ScheduledSession>? Schedule, string? AgreementCode);

/// <summary>A guest arriving at the provision; <see cref="ArrivedAt"/> defaults to now.</summary>
public sealed record GuestArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt, Staff? RecordedBy);

public sealed record GuestAbsenceRequest(string? Upn, Session? Session, string? Code, string? Reason, bool? ParentSaysSchoolTold, Staff? RecordedBy);

/// <summary>A call made for a follow-up task; <see cref="Code"/> is the code for the reason given.</summary>
public sealed record CallRequest(Staff? By, CallOutcome? Outcome, string? Code, string? Note);

/// <summary>A follow-up task done; <see cref="ContactMade"/> says whether a home visit saw anyone.</summary>
public sealed record TaskDoneRequest(Staff? By, string? Outcome, bool? ContactMade);

/// <summary>Who acknowledges an alert.</summary>
public sealed record AcknowledgeRequest(Staff? By);

public sealed record AssignRequest(Staff? By, string? AssignedTo);

/// <summary>A decision on an alert; <see cref="PenaltyNotice"/> is required for the penalty-notice threshold.</summary>
public sealed record DecisionRequest(Staff? DecidedBy, string? Decision, PenaltyNoticeDecision? PenaltyNotice);
