using System.Text.Json.Serialization;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.FollowUp;

/// <summary>A call made for a follow-up task; <see cref="Code"/> is the code for the reason given.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CallRequest(CallOutcome? Outcome, string? Code, string? Note);

/// <summary>A follow-up task done; <see cref="ContactMade"/> says whether a home visit saw anyone.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskDoneRequest(string? Outcome, bool? ContactMade);
