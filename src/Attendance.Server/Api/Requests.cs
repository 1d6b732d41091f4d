using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Api;

/// <summary>A teacher's register for one session (the session is in the URL).</summary>
public sealed record RegisterRequest(Staff? TakenBy, IReadOnlyList<PupilMark>? Marks);

public sealed record MarkRequest(Session? Session, string? Code, Staff? RecordedBy, MarkSource? Source);

/// <summary>A gate or reception arrival; <see cref="ArrivedAt"/> defaults to now.</summary>
public sealed record ArrivalRequest(string? Upn, DateTimeOffset? ArrivedAt);

public sealed record AmendmentRequest(Session? Session, string? Code, string? Reason, Staff? AmendedBy);
