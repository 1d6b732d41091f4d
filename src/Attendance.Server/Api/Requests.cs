using System.Text.Json.Serialization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Api;

// Who did something is the signed-in user (see StaffUser), never a name in the body.

/// <summary>A teacher's register for one session (the session is in the URL).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RegisterRequest(IReadOnlyList<PupilMark>? Marks);

/// <summary>
/// A single mark. Where it came from follows from who sends it (the office, or a teacher's register), never from the
/// body: a body that names a source, or any field not listed here, is refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record MarkRequest(Session? Session, string? Code);

/// <summary>A gate or reception arrival; <see cref="ArrivedAt"/> defaults to now; <see cref="Reason"/> is what the office was told.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt, string? Reason = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AmendmentRequest(Session? Session, string? Code, string? Reason);

/// <summary>A pupil's placement at a provision, made by their own school: the provision, the schedule and the agreement code (B unless K or D).</summary>
public sealed record GuestPlacementRequest(string? ProvisionId, IReadOnlyList<ScheduledSession>? Schedule, string? AgreementCode);

/// <summary>A guest arriving at the provision; <see cref="ArrivedAt"/> defaults to now.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GuestArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GuestAbsenceRequest(string? Upn, Session? Session, string? Code, string? Reason, bool? ParentSaysSchoolTold);

/// <summary>A call made for a follow-up task; <see cref="Code"/> is the code for the reason given.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CallRequest(CallOutcome? Outcome, string? Code, string? Note);

/// <summary>A follow-up task done; <see cref="ContactMade"/> says whether a home visit saw anyone.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskDoneRequest(string? Outcome, bool? ContactMade);

public sealed record AssignRequest(string? AssignedTo);

/// <summary>A decision on an alert; <see cref="PenaltyNotice"/> is required for the penalty-notice threshold.</summary>
public sealed record DecisionRequest(string? Decision, PenaltyNoticeDecision? PenaltyNotice);
