using System.Text.Json.Serialization;
using Attendance.Domain;

namespace Attendance.Server.Provisions;

/// <summary>A pupil's placement at a provision, made by their own school: the provision, the schedule and the agreement code (B unless K or D).</summary>
public sealed record GuestPlacementRequest(string? ProvisionId, IReadOnlyList<ScheduledSession>? Schedule, string? AgreementCode);

/// <summary>A guest arriving at the provision; <see cref="ArrivedAt"/> defaults to now.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GuestArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record GuestAbsenceRequest(string? Upn, Session? Session, string? Code, string? Reason, bool? ParentSaysSchoolTold);
