using Attendance.Domain;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Families;

/// <summary>An absence report: its first and last sessions (e.g. "2026-11-30-AM"), the reason, and what the school should know.</summary>
public sealed record AbsenceReportRequest(Session? First, Session? Last, ParentReason? Reason, string? Details);

/// <summary>A parent's "running late": when they expect to arrive today ("09:40"), and anything to add.</summary>
public sealed record RunningLateRequest(string? ArrivingAt, string? Details);

/// <summary>A parent's new phone number, e-mail address, or both, for the office to check and approve.</summary>
public sealed record ContactChangeRequest(string? Phone, string? Email);

/// <summary>The office's decision on a contact change: approve (the pupil's contacts change) or refuse, and how it was checked.</summary>
public sealed record ContactChangeDecision(bool? Approve, string? Note);

/// <summary>A leave request: first and last sessions and the reason.</summary>
public sealed record LeaveRequestBody(Session? First, Session? Last, string? Reason);

/// <summary>The office's answer to an absence report.</summary>
/// <param name="Accept">True: record <paramref name="Code"/> for the report's sessions. False: query it (the note says what is asked).</param>
public sealed record ReportAnswerRequest(bool? Accept, string? Code, string? Note);

/// <summary>The headteacher's decision on a leave request.</summary>
/// <param name="Code">For granted leave, another authorised code than the policy's (e.g. C1).</param>
public sealed record LeaveDecisionRequest(bool? Grant, string? Reason, string? Code);

/// <summary>A parent's page: their children and the schools' messages to them.</summary>
public sealed record FamilyView(string Name, string Email, IReadOnlyList<ChildView> Children, IReadOnlyList<MessageHome> Messages);

/// <summary>One child as their parent sees them: today's marks, this year's figures and band, their reports and requests.</summary>
public sealed record ChildView(
    string SchoolId,
    string SchoolName,
    string Upn,
    string Name,
    string ClassName,
    DateOnly Today,
    IReadOnlyList<TodaysMark> TodaysMarks,
    TallySnapshot Attendance,
    string Band,
    string BandColour,
    decimal BandFrom,
    int MeasuredFrom,
    IReadOnlyList<AbsenceReport> Reports,
    IReadOnlyList<LeaveRequest> Leave,
    IReadOnlyList<Session> ToExplain,
    YourContact? You,
    IReadOnlyList<ContactChange> ContactChanges);

/// <summary>What the school holds for the parent as this child's contact (null: their address is not on the child's contacts).</summary>
public sealed record YourContact(string Name, string Relationship, string Phone, string? Email);

/// <summary>A session of today and its mark (null until the register is taken).</summary>
public sealed record TodaysMark(Session Session, string? Code);

public sealed record MessageHome(DateTimeOffset SentAt, string Subject, string Body);
