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

[GenerateSerializer, Immutable]
public sealed record TaskActionResult(FollowUpTask? Task, Rejection? Rejection);

/// <summary>
/// A school's (or a provision's) same-day follow-up: when each register closes it builds the first-day call list
/// and the day's other tasks (social worker, home visits, local authority, missing education, N still N), keeps
/// every task durable until someone closes it, and pushes each change to the staff's dashboard.
/// </summary>
public interface IFollowUpGrain : IGrainWithStringKey
{
    /// <summary>Starts the durable check that runs after each register closes (a reminder: it survives restarts).</summary>
    Task Start();

    /// <summary>Builds the follow-up for every session of today whose registers have all closed and that was not done yet.</summary>
    Task CheckDue();

    /// <summary>Builds the follow-up for one session once its registers have all closed; a session already done (or earlier) adds nothing.</summary>
    Task SessionClosed(Session session);

    /// <summary>Adds tasks raised elsewhere (a provision's call-parent tasks); ones already held (same id) change nothing.</summary>
    Task Add(IReadOnlyList<FollowUpTask> tasks);

    /// <summary>Closes a task if it is still open (e.g. a guest arrived after the call was raised). One-way, so it never waits on its caller.</summary>
    [OneWay]
    Task Close(string taskId, TaskClosure closure);

    /// <summary>Marks that changed after a register closed: a first-day call whose pupil now has a reason or arrived is closed.</summary>
    [OneWay]
    Task MarksChanged(IReadOnlyList<PupilMarkChange> changes);

    [ReadOnly]
    Task<IReadOnlyList<FollowUpTask>> List(TaskQuery query);

    [ReadOnly]
    Task<FollowUpTask?> Get(string taskId);

    /// <summary>Records a call. A reason given amends the pupil's mark first; if that is refused, nothing changes.</summary>
    Task<TaskActionResult> RecordCall(string taskId, CallRecord call);

    Task<TaskActionResult> Complete(string taskId, TaskDone done);
}
