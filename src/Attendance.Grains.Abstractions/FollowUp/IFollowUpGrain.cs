using Attendance.Domain;

namespace Attendance.Grains.Abstractions;

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
    Task<Outcome<FollowUpTask>> RecordCall(string taskId, CallRecord call);

    Task<Outcome<FollowUpTask>> Complete(string taskId, TaskDone done);
}
