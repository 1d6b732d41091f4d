using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>A parent or carer, signed in: their name and the e-mail address the school holds for them as a contact.</summary>
[GenerateSerializer, Immutable]
public sealed record Parent(string Name, string Email);

/// <summary>A pupil a parent account is linked to (the pupil's contacts carry the parent's e-mail).</summary>
[GenerateSerializer, Immutable]
public sealed record ChildLink(string SchoolId, string Upn);

/// <summary>
/// A browser's push subscription (Web Push, RFC 8030): the push service's endpoint for the device and the keys the
/// notification is encrypted with (RFC 8291), as the browser's <c>PushSubscription.toJSON()</c> gives them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PushDevice(string Endpoint, string P256dh, string Auth, DateTimeOffset Added)
{
    public const int MostPerParent = 10;
}

/// <summary>Why a parent says their child is absent. The school decides the code; this is what the parent told.</summary>
public enum ParentReason
{
    Illness,
    MedicalAppointment,
    ReligiousObservance,
    FamilyEmergency,
    Other,

    /// <summary>
    /// On the way, arriving later today (<see cref="AbsenceReport.ArrivingAt"/>): the school does not call home, and
    /// the arrival gives the mark (<c>L</c> or <c>U</c> by the time); there is no code to decide.
    /// </summary>
    RunningLate,
}

public enum ReportStatus
{
    /// <summary>Waiting for the office.</summary>
    Reported,

    /// <summary>The office accepted it and set the code for its sessions.</summary>
    Accepted,

    /// <summary>The office asked the parent for more (e.g. evidence of an appointment); the absence stays as marked.</summary>
    Queried,
}

public enum LeaveStatus
{
    Requested,
    Granted,
    Refused,
}

/// <summary>What a member of staff decided, when, with which code and why. Kept with the request for good.</summary>
[GenerateSerializer, Immutable]
public sealed record StaffDecision(Staff By, DateTimeOffset At, string? Code, string Note);

/// <summary>
/// A parent's report of an absence, today or ahead, or explaining one of the last month's the school has no reason
/// for yet (<c>N</c>). It never authorises anything by itself (004 appendix 4): the office accepts it (setting the
/// code of its sessions, an amendment over the <c>N</c>) or queries it.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AbsenceReport(
    string Id,
    string SchoolId,
    string Upn,
    string PupilName,
    SessionRange Sessions,
    ParentReason Reason,
    string? Details,
    Parent ReportedBy,
    DateTimeOffset ReportedAt,
    ReportStatus Status,
    StaffDecision? Decision,
    TimeOnly? ArrivingAt = null,
    IReadOnlyList<EvidenceFile>? Evidence = null)
{
    /// <summary>How far back a parent may explain an absence the school has no reason for yet: a month.</summary>
    public const int MostDaysBack = 31;
}

/// <summary>
/// A file a parent sent with their report (its content is kept apart, for the office and the attendance lead to open):
/// its type and size as checked when it came, and a SHA-256 of its content.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvidenceFile(string Id, string ContentType, long Bytes, string Sha256, DateTimeOffset AddedAt);

/// <summary>A request for leave of absence in term time, and the headteacher's decision. <see cref="Late"/>: made with less than the policy's notice.</summary>
[GenerateSerializer, Immutable]
public sealed record LeaveRequest(
    string Id,
    string SchoolId,
    string Upn,
    string PupilName,
    SessionRange Sessions,
    string Reason,
    Parent RequestedBy,
    DateTimeOffset RequestedAt,
    bool Late,
    LeaveStatus Status,
    StaffDecision? Decision);

/// <param name="ArrivingAt">For <see cref="ParentReason.RunningLate"/>: when the parent expects the pupil in, the school's time today.</param>
[GenerateSerializer, Immutable]
public sealed record NewAbsenceReport(string Upn, SessionRange Sessions, ParentReason Reason, string? Details, Parent By, TimeOnly? ArrivingAt = null);

/// <param name="Accept">True to accept with <paramref name="Code"/> for every session of the report; false to query it (the note says what is asked).</param>
[GenerateSerializer, Immutable]
public sealed record ReportAnswer(string ReportId, bool Accept, string? Code, string Note, Staff By);

[GenerateSerializer, Immutable]
public sealed record NewLeaveRequest(string Upn, SessionRange Sessions, string Reason, Parent By);

/// <param name="Code">For granted leave, the code if not the policy's (e.g. <c>C1</c> for a performance licence).</param>
[GenerateSerializer, Immutable]
public sealed record LeaveAnswer(string RequestId, bool Grant, string Reason, Staff By, string? Code = null);

/// <summary>A school's absence reports, leave requests and contact changes (all of them, or one pupil's), newest first.</summary>
[GenerateSerializer, Immutable]
public sealed record FamilyRequests(IReadOnlyList<AbsenceReport> Reports, IReadOnlyList<LeaveRequest> Leave, IReadOnlyList<ContactChange>? ContactChanges = null);

/// <summary>A new or changed report, leave request or contact change, pushed to the school's office at once (one is set).</summary>
[GenerateSerializer, Immutable]
public sealed record FamilyRequestChange(string SchoolId, AbsenceReport? Report, LeaveRequest? Leave, ContactChange? Contact = null);

public enum ContactChangeStatus
{
    Requested,
    Approved,
    Refused,
}

/// <summary>
/// A parent's new phone number or e-mail address for themselves as their child's contact (the contact holding their
/// sign-in address). The office checks it is them and approves it (the pupil's contacts change, as a roster import of
/// that pupil would), or refuses it; the MIS should be changed too, or its next roster import puts the old back.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ContactChange(
    string Id, string SchoolId, string Upn, string PupilName, Parent RequestedBy, DateTimeOffset RequestedAt, string? Phone, string? Email,
    ContactChangeStatus Status, StaffDecision? Decision);

[GenerateSerializer, Immutable]
public sealed record NewContactChange(string Upn, Parent By, string? Phone, string? Email);

[GenerateSerializer, Immutable]
public sealed record ContactChangeAnswer(string ChangeId, bool Approve, string Note, Staff By);
