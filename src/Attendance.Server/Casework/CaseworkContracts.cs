using Attendance.Grains.Abstractions;

namespace Attendance.Server.Casework;

/// <summary>An action plan or contract agreed at a meeting.</summary>
/// <param name="ReviewOn">Defaults to the policy's weeks after the meeting (four).</param>
public sealed record PlanBody(
    PlanKind? Kind, DateOnly? MeetingOn, IReadOnlyList<string>? Attended, IReadOnlyList<string>? SchoolActions,
    IReadOnlyList<string>? ParentActions, IReadOnlyList<string>? PupilActions, string? Support, DateOnly? ReviewOn);

/// <summary>A temporary part-time timetable: the weekday sessions off site, start, agreed end and review date.</summary>
public sealed record TimetableBody(DateOnly? Start, DateOnly? AgreedEnd, DateOnly? ReviewOn, IReadOnlyList<WeeklySession>? SessionsOff, string? Reason);

/// <summary>A review of a plan or a timetable: Improved, Continue (with the next review date) or Escalate.</summary>
public sealed record ReviewBody(ReviewOutcome? Outcome, string? Note, DateOnly? NextReview);
