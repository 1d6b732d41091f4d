using System.Text.Json.Serialization;
using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Api;

public sealed record AssignRequest(string? AssignedTo);

/// <summary>A decision on an alert; <see cref="PenaltyNotice"/> is required for the penalty-notice threshold.</summary>
public sealed record DecisionRequest(string? Decision, PenaltyNoticeDecision? PenaltyNotice);
