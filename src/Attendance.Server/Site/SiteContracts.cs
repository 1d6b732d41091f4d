using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Site;

/// <summary>A pupil signed out at the office: why, who collected them, and (optionally) the code for the sessions they miss.</summary>
public sealed record SignOutRequest(string? Upn, SignOutReason? Reason, string? Details, string? CollectedBy, string? Code);

public sealed record SignInRequest(string? Upn);

/// <summary>The roll call under way (null: none; lines only of the classes the reader sees) and whether the reader may start or end one.</summary>
public sealed record RollCallNow(RollCall? Current, bool MayStart);

/// <summary>A roll call held, for the record: who started and ended it, when, and how many were accounted for.</summary>
public sealed record RollCallSummary(string Id, DateTimeOffset StartedAt, Staff StartedBy, DateTimeOffset? EndedAt, Staff? EndedBy, int Expected, int Accounted)
{
    public static RollCallSummary Of(RollCall rollCall) => new(rollCall.Id, rollCall.StartedAt, rollCall.StartedBy, rollCall.EndedAt, rollCall.EndedBy,
        rollCall.Lines.Count, rollCall.Lines.Count(l => l.Accounted));
}
