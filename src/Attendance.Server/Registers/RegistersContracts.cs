using System.Text.Json.Serialization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Registers;

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

