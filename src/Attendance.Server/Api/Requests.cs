using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Api;

/// <summary>A teacher's register for one session (the session is in the URL).</summary>
public sealed record RegisterRequest(Staff? TakenBy, IReadOnlyList<PupilMark>? Marks);

public sealed record MarkRequest(Session? Session, string? Code, Staff? RecordedBy, MarkSource? Source);

/// <summary>A gate or reception arrival; <see cref="ArrivedAt"/> defaults to now.</summary>
public sealed record ArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt);

public sealed record AmendmentRequest(Session? Session, string? Code, string? Reason, Staff? AmendedBy);

/// <summary>Who acknowledges an alert.</summary>
public sealed record AcknowledgeRequest(Staff? By);

public sealed record AssignRequest(Staff? By, string? AssignedTo);

/// <summary>A decision on an alert; <see cref="PenaltyNotice"/> is required for the penalty-notice threshold.</summary>
public sealed record DecisionRequest(Staff? DecidedBy, string? Decision, PenaltyNoticeDecision? PenaltyNotice);
