using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Casework;

/// <summary>An action plan, contract, reintegration or health-care plan agreed at a meeting.</summary>
/// <param name="ReviewOn">Defaults to the policy's weeks after the meeting (four).</param>
/// <param name="Target">A weekly target in sessions (a contract needs one), checked as each school week ends.</param>
public sealed record PlanBody(
    PlanKind? Kind, DateOnly? MeetingOn, IReadOnlyList<string>? Attended, IReadOnlyList<string>? SchoolActions,
    IReadOnlyList<string>? ParentActions, IReadOnlyList<string>? PupilActions, string? Support, DateOnly? ReviewOn, WeeklyTarget? Target);

/// <summary>Who signed a plan or contract, and when.</summary>
public sealed record SignatureBody(string? Name, string? Role, DateOnly? SignedOn);

/// <summary>A line of the case log; a referral names its service, a panel its kind, a change of support its tier.</summary>
public sealed record CaseEntryBody(CaseEntryKind? Kind, DateOnly? On, string? Summary, SupportTier? Tier, ReferralService? Service, PanelKind? Panel);

/// <summary>The outcome of a referral or panel, and the day it was known.</summary>
public sealed record OutcomeBody(string? Outcome, DateOnly? On);

/// <summary>A step of a penalty-notice case: what, on which day, why, and the local authority's reference.</summary>
public sealed record PenaltyStepBody(PenaltyStep? Step, DateOnly? On, string? Note, string? Reference);

/// <summary>A temporary part-time timetable: the weekday sessions off site, start, agreed end and review date.</summary>
public sealed record TimetableBody(DateOnly? Start, DateOnly? AgreedEnd, DateOnly? ReviewOn, IReadOnlyList<WeeklySession>? SessionsOff, string? Reason);

/// <summary>A review of a plan or a timetable: Improved, Continue (with the next review date) or Escalate.</summary>
public sealed record ReviewBody(ReviewOutcome? Outcome, string? Note, DateOnly? NextReview);
