using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

/// <summary>What a follow-up task asks someone to do.</summary>
public enum FollowUpKind
{
    /// <summary>Absent with no reason at register close: call home, contacts in priority order.</summary>
    FirstDayCall,

    /// <summary>A pupil with a social worker is absent: tell the social worker or DSL today.</summary>
    TellSocialWorker,

    /// <summary>Still no contact or reason: visit the home.</summary>
    HomeVisit,

    /// <summary>Absent without permission for the policy's school days in a row: inform the local authority.</summary>
    InformLocalAuthority,

    /// <summary>Absent for the policy's days and visited without contact: refer as a child missing education.</summary>
    ReferMissingEducation,

    /// <summary>A guest pupil has not arrived at the provision: call the parent.</summary>
    CallParent,

    /// <summary>An attendance action plan or contract is due for review.</summary>
    ReviewActionPlan,

    /// <summary>A part-time timetable has reached its review date without a review.</summary>
    ReviewPartTimeTimetable,

    /// <summary>A pupil joined the roll: send the local authority the new pupil return within five days.</summary>
    NewPupilReturn,

    /// <summary>A pupil's name is deleted from the admission register: send the local authority the deletion return.</summary>
    DeletionReturn,

    /// <summary>A part-time timetable's agreed end is near: plan the return to full time.</summary>
    PartTimeTimetableEnds,

    /// <summary>Present at registration but at none of the session's lessons: amend the mark if the pupil was not in school.</summary>
    ReconcileRegister,

    /// <summary>A contract's week fell short of its weekly target: talk to the family.</summary>
    ContractTargetMissed,

    /// <summary>A penalty notice's next step is due: the improvement period has ended, or a notice is unpaid past its window.</summary>
    PenaltyNoticeStep,
}

public enum CallOutcome
{
    /// <summary>Someone gave the reason: the mark is amended (e.g. N to I), with the call as its reason.</summary>
    ReasonGiven,

    /// <summary>Nobody answered: the next contact is called.</summary>
    NoAnswer,

    /// <summary>A message was left: the task stays open on the same contact, awaiting a call back.</summary>
    MessageLeft,
}

/// <summary>One call made for a task.</summary>
[GenerateSerializer, Immutable]
public sealed record CallAttempt(DateTimeOffset At, Staff By, Contact? Contact, CallOutcome Outcome, string? Code, string? Note);

/// <summary>How a task was closed: who did what and when. <see cref="ContactMade"/> matters for home visits.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskClosure(DateTimeOffset At, Staff By, string Outcome, bool ContactMade);

/// <summary>
/// A same-day follow-up task for a school's (or a provision's) staff, durable until closed, with who closed it.
/// <see cref="OwnerId"/> is the school or provision whose staff do it; <see cref="SchoolId"/> is where the pupil is on roll.
/// </summary>
/// <param name="NextContact">Index in <see cref="Contacts"/> of whom to call next; equal to the count once everyone was tried.</param>
[GenerateSerializer, Immutable]
public sealed record FollowUpTask(
    string Id,
    string OwnerId,
    FollowUpKind Kind,
    string SchoolId,
    string Upn,
    string PupilName,
    string? ClassId,
    Session Session,
    string What,
    DateTimeOffset RaisedAt,
    DateTimeOffset Due,
    PupilFlags Flags,
    IReadOnlyList<Contact> Contacts,
    int NextContact,
    IReadOnlyList<CallAttempt> Calls,
    TaskClosure? Closed)
{
    public bool IsOpen => Closed is null;

    public Contact? ContactToCall => NextContact < Contacts.Count ? Contacts[NextContact] : null;
}

/// <summary>A call made for a first-day call or a guest's call-parent task. <see cref="Code"/> is needed when a reason was given.</summary>
[GenerateSerializer, Immutable]
public sealed record CallRecord(Staff By, CallOutcome Outcome, string? Code = null, string? Note = null);

/// <summary>A task done: what was done, and for a home visit whether anyone was seen.</summary>
[GenerateSerializer, Immutable]
public sealed record TaskDone(Staff By, string Outcome, bool ContactMade = false);

[GenerateSerializer, Immutable]
public sealed record TaskQuery(bool IncludeClosed = false, string? Upn = null, FollowUpKind? Kind = null, int Limit = 200);
