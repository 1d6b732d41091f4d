using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

public enum PlanKind
{
    /// <summary>An attendance action plan agreed at a meeting (seed 004: reviewed after four weeks).</summary>
    ActionPlan,

    /// <summary>An attendance contract (seed 002 appendix 2): a formal written agreement with the parents, with a weekly target.</summary>
    Contract,

    /// <summary>A reintegration plan after a long absence (seed 004 §5.4): how the pupil comes back, step by step.</summary>
    Reintegration,

    /// <summary>A health-care plan for a long illness (seed 004 §9): how education carries on, with the health services.</summary>
    HealthCare,
}

public enum ReviewOutcome
{
    /// <summary>Attendance has improved: the plan closes (a part-time timetable ends: back to full time).</summary>
    Improved,

    /// <summary>Carry on to the next review date.</summary>
    Continue,

    /// <summary>Not improving: the plan closes and the case moves to the next stage.</summary>
    Escalate,
}

/// <summary>A review of a plan or timetable: who, when, the outcome, and the next review when it continues.</summary>
[GenerateSerializer, Immutable]
public sealed record CaseReview(DateTimeOffset At, Staff By, ReviewOutcome Outcome, string Note, DateOnly? NextReview);

/// <summary>Someone who signed a plan or contract (a parent, the pupil, the headteacher), and when.</summary>
[GenerateSerializer, Immutable]
public sealed record PlanSignature(string Name, string Role, DateOnly SignedOn);

/// <summary>
/// An attendance action plan, contract, reintegration or health-care plan for a pupil, and its reviews. A plan with a
/// weekly target has each school week since the meeting checked against it as the week ends (<see cref="Weeks"/>).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActionPlan(
    string Id,
    string Upn,
    string PupilName,
    PlanKind Kind,
    DateOnly MeetingOn,
    IReadOnlyList<string> Attended,
    IReadOnlyList<string> SchoolActions,
    IReadOnlyList<string> ParentActions,
    IReadOnlyList<string> PupilActions,
    string? Support,
    DateOnly ReviewOn,
    Staff RecordedBy,
    DateTimeOffset RecordedAt,
    IReadOnlyList<CaseReview> Reviews,
    WeeklyTarget? Target = null,
    IReadOnlyList<TargetWeek>? Weeks = null,
    IReadOnlyList<PlanSignature>? Signatures = null)
{
    public bool IsOpen => Reviews.Count == 0 || Reviews[^1].Outcome == ReviewOutcome.Continue;

    /// <summary>When the next review falls: the first review date, or the one the last review set.</summary>
    public DateOnly NextReview => Reviews.LastOrDefault()?.NextReview ?? ReviewOn;

    /// <summary>The plan's name as a letter or a task says it.</summary>
    public string Name => Kind switch
    {
        PlanKind.Contract => "attendance contract",
        PlanKind.Reintegration => "reintegration plan",
        PlanKind.HealthCare => "health-care plan",
        _ => "attendance action plan",
    };
}

/// <summary>A weekday session the pupil is off site by agreement on a part-time timetable.</summary>
[GenerateSerializer, Immutable]
public sealed record WeeklySession(DayOfWeek Day, SessionPart Part);

/// <summary>
/// A temporary part-time timetable (2024 guidance: time-limited, reviewed, agreed with the parents): the sessions
/// the pupil is not expected in school between <see cref="Start"/> and <see cref="AgreedEnd"/>, coded <c>C2</c>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PartTimeTimetable(
    string Id,
    string Upn,
    string PupilName,
    DateOnly Start,
    DateOnly AgreedEnd,
    DateOnly ReviewOn,
    IReadOnlyList<WeeklySession> SessionsOff,
    string Reason,
    Staff RecordedBy,
    DateTimeOffset RecordedAt,
    IReadOnlyList<CaseReview> Reviews)
{
    public bool IsOpen => Reviews.Count == 0 || Reviews[^1].Outcome == ReviewOutcome.Continue;

    /// <summary>When the next review falls: the first review date, or the one the last review set.</summary>
    public DateOnly NextReview => Reviews.LastOrDefault()?.NextReview ?? ReviewOn;

    /// <summary>The last day the timetable runs: its agreed end, or the review that ended it.</summary>
    public DateOnly LastDay => IsOpen ? AgreedEnd : DateOnly.FromDateTime(Reviews[^1].At.UtcDateTime);

    public bool Covers(Session session) =>
        session.Date >= Start && session.Date <= LastDay && SessionsOff.Contains(new WeeklySession(session.Date.DayOfWeek, session.Part));
}

/// <summary>A pupil's casework: plans, part-time timetables, the case log and penalty notices, newest first.</summary>
[GenerateSerializer, Immutable]
public sealed record PupilCasework(
    IReadOnlyList<ActionPlan> Plans, IReadOnlyList<PartTimeTimetable> Timetables, IReadOnlyList<CaseEntry> Log, IReadOnlyList<PenaltyCase> PenaltyNotices);
