using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;
using Attendance.Grains.Registers;

namespace Attendance.Grains.FollowUp;

[GenerateSerializer]
public sealed class FollowUpState
{
    [Id(0)] public Dictionary<string, FollowUpTask> Tasks { get; set; } = [];

    /// <summary>The latest session whose follow-up was built.</summary>
    [Id(1)] public Session? Done { get; set; }

    /// <summary><c>N</c> marks put on a call list, looked at again once the policy's days have passed.</summary>
    [Id(2)] public List<PendingReason> PendingReasons { get; set; } = [];
}

[GenerateSerializer, Immutable]
public sealed record PendingReason(string Upn, string Name, string ClassId, Session Session);

/// <summary>
/// A school's (or provision's) follow-up tasks. For a school, a reminder wakes it every minute (and after a
/// restart); once every register of a session has closed it builds that session's tasks, once.
/// </summary>
[SchoolPlacement]
public sealed class FollowUpGrain(
    [PersistentState("follow-up", StorageNames.Attendance)] IPersistentState<FollowUpState> state,
    IOptions<FollowUpOptions> options,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    AttendanceMetrics metrics) : Grain, IFollowUpGrain, IRemindable
{
    private const string Reminder = "follow-up";

    private string OwnerId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ReportOpen();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.OpenTasks(OwnerId, null);
        metrics.RegistersNotSubmitted(OwnerId, null);
        return Task.CompletedTask;
    }

    public Task Start() => this.RegisterOrUpdateReminder(Reminder, options.Value.CheckEvery, options.Value.CheckEvery);

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDue();

    public async Task CheckDue()
    {
        var school = GrainFactory.GetGrain<ISchoolGrain>(OwnerId);
        if (await school.GetSettings() is not { } settings)
        {
            return;
        }

        var now = settings.LocalTime(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now);
        foreach (var part in new[] { SessionPart.AM, SessionPart.PM })
        {
            await Build(school, settings, new Session(today, part));
        }

        metrics.RegistersNotSubmitted(OwnerId, await NotSubmittedAfterLateTime(school, settings, now));
    }

    /// <summary>Today's registers whose late time has passed and that nobody has submitted yet (what the office chases).</summary>
    private async Task<int> NotSubmittedAfterLateTime(ISchoolGrain school, SchoolSettings settings, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        var due = from c in await school.GetClasses()
                  from part in new[] { SessionPart.AM, SessionPart.PM }
                  let session = new Session(today, part)
                  where settings.Calendar.IsOpen(session) && TimeOnly.FromDateTime(now) >= settings.TimesFor(c.Phase).For(part).LateAfter
                  select GrainFactory.GetClass(OwnerId, c.Id).GetStatus(session);
        return (await Task.WhenAll(due)).Count(status => status?.State != RegisterState.Submitted);
    }

    public async Task SessionClosed(Session session)
    {
        var school = GrainFactory.GetGrain<ISchoolGrain>(OwnerId);
        if (await school.GetSettings() is { } settings)
        {
            await Build(school, settings, session);
        }
    }

    private async Task Build(ISchoolGrain school, SchoolSettings settings, Session session)
    {
        var closed = settings.LocalTime(clock.GetUtcNow()) >= session.Date.ToDateTime(settings.LastClose(session.Part));
        if (closed && settings.Calendar.IsOpen(session) && (state.State.Done is not { } done || session > done))
        {
            var policy = (await school.GetPolicy())!.Policy;
            var raised = await new SessionFollowUp(GrainFactory, OwnerId, settings, policy, state.State, clock.GetUtcNow()).Build(session);
            state.State.Done = session;
            await Save(raised);
        }
    }

    public async Task Add(IReadOnlyList<FollowUpTask> tasks)
    {
        var added = tasks.Where(t => !state.State.Tasks.ContainsKey(t.Id)).ToList();
        if (added.Count > 0)
        {
            await Save(added);
        }
    }

    public async Task Close(string taskId, TaskClosure closure)
    {
        if (state.State.Tasks.GetValueOrDefault(taskId) is { IsOpen: true } task)
        {
            await Save([task with { Closed = closure }]);
        }
    }

    public async Task MarksChanged(IReadOnlyList<PupilMarkChange> changes)
    {
        var closed = new List<FollowUpTask>();
        foreach (var change in changes.Where(c => c.Entry.Code != NationalCodes.ReasonNotYetEstablished.Code))
        {
            var entry = change.Entry;
            var reasonKnown = entry.Code != "O";
            var outcome = $"Mark now '{entry.Code}' ({entry.Source}, {entry.RecordedBy.Name}{(entry.AmendmentReason is { } why ? $": {why}" : "")})";
            closed.AddRange(state.State.Tasks.Values
                .Where(t => t.IsOpen && t.Upn == change.Upn && t.Session.Date == entry.Session.Date
                    && (t.Kind == FollowUpKind.FirstDayCall || (t.Kind == FollowUpKind.HomeVisit && reasonKnown)))
                .Select(t => t with { Closed = new TaskClosure(entry.RecordedAt, entry.RecordedBy, outcome, ContactMade: reasonKnown) }));
        }

        if (closed.Count > 0)
        {
            await Save(closed);
        }
    }

    public Task<IReadOnlyList<FollowUpTask>> List(TaskQuery query) => Task.FromResult<IReadOnlyList<FollowUpTask>>(
    [
        .. state.State.Tasks.Values
            .Where(t => (query.IncludeClosed || t.IsOpen) && (query.Upn is null || t.Upn == query.Upn) && (query.Kind is null || t.Kind == query.Kind))
            .OrderBy(t => t.Due).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Take(Math.Clamp(query.Limit, 1, 1000)),
    ]);

    public Task<FollowUpTask?> Get(string taskId) => Task.FromResult(state.State.Tasks.GetValueOrDefault(taskId));

    public async Task<Outcome<FollowUpTask>> RecordCall(string taskId, CallRecord call)
    {
        if (Check(taskId, call.By) is { } refused)
        {
            return refused;
        }

        var task = state.State.Tasks[taskId];
        if (task.Kind is not (FollowUpKind.FirstDayCall or FollowUpKind.CallParent))
        {
            return Refuse(RejectionReason.InvalidRequest, $"A {task.Kind} task takes no calls: close it with what was done.", "outcome");
        }

        var now = clock.GetUtcNow();
        var contact = task.ContactToCall;
        var note = string.IsNullOrWhiteSpace(call.Note) ? null : call.Note.Trim();
        var calls = task.Calls.Append(new CallAttempt(now, call.By, contact, call.Outcome, call.Code, note)).ToList();
        FollowUpTask updated;
        switch (call.Outcome)
        {
            case CallOutcome.ReasonGiven:
                // With every contact tried, a reason can still come from home calling back.
                var who = contact is null ? "Call back from home" : $"Call to {contact.Name} ({contact.Relationship})";
                if (await RecordReason(task, call, note is null ? who : $"{who}: {note}") is { } notRecorded)
                {
                    return notRecorded;
                }

                updated = task with { Calls = calls, Closed = new TaskClosure(now, call.By, $"Reason given: '{call.Code}'{(note is null ? "" : $" ({note})")}", ContactMade: true) };
                break;
            case CallOutcome.NoAnswer:
                updated = task with { Calls = calls, NextContact = Math.Min(task.NextContact + 1, task.Contacts.Count) };
                break;
            default:
                updated = task with { Calls = calls };
                break;
        }

        await Save([updated]);
        return updated;
    }

    public async Task<Outcome<FollowUpTask>> Complete(string taskId, TaskDone done)
    {
        if (Check(taskId, done.By) is { } refused)
        {
            return refused;
        }

        if (string.IsNullOrWhiteSpace(done.Outcome))
        {
            return Refuse(RejectionReason.InvalidRequest, "Say what was done (e.g. \"Visited, nobody home; card left\").", "outcome");
        }

        var task = state.State.Tasks[taskId] with { Closed = new TaskClosure(clock.GetUtcNow(), done.By, done.Outcome.Trim(), done.ContactMade) };
        await Save([task]);
        return task;
    }

    /// <summary>
    /// The reason a call gave, on the register: the school amends the pupil's <c>N</c> (or marks the session if it
    /// has no mark); for a guest, the provision records the absence and tells the referring school.
    /// </summary>
    private async Task<Rejection?> RecordReason(FollowUpTask task, CallRecord call, string reason)
    {
        if (string.IsNullOrWhiteSpace(call.Code) || call.Code == NationalCodes.ReasonNotYetEstablished.Code)
        {
            return new Rejection(RejectionReason.InvalidRequest, "Say which code the reason given means (e.g. 'I' for illness); N is not a reason.", ["code"]);
        }

        // A reason for an absence is an absence code: a call cannot make the register say the pupil was in.
        if (!NationalCodes.TryGet(call.Code, out var code) || code.Category.CountsAsAttendance() || code.Category == AttendanceCategory.Administrative)
        {
            return new Rejection(RejectionReason.UnknownCode,
                $"'{call.Code}' is not a code for a reason for absence: use an absence code such as I (illness), M (medical appointment) or O (unauthorised).", [call.Code]);
        }

        if (task.Kind == FollowUpKind.CallParent)
        {
            return (await GrainFactory.GetGrain<IProvisionGrain>(OwnerId).RecordAbsence(
                new GuestAbsence(task.Upn, task.Session, call.Code, reason, ParentSaysSchoolTold: false, call.By))).Rejection;
        }

        // Only over the N the call was about (or no mark yet): a pupil who has since come in keeps their mark.
        if (await GrainFactory.GetPupil(task.SchoolId, task.Upn).GetCode(task.Session) is { } current && current != NationalCodes.ReasonNotYetEstablished.Code)
        {
            return new Rejection(RejectionReason.AlreadyMarked,
                $"{task.PupilName} is now marked '{current}' for {task.Session}: the call's reason was not recorded. Close the task with what was said.", [task.Upn]);
        }

        return await GrainFactory.GetClass(task.SchoolId, task.ClassId!).SetCode(task.Upn, task.Session, call.Code, reason, call.By);
    }

    private Rejection? Check(string taskId, Staff? by)
    {
        if (state.State.Tasks.GetValueOrDefault(taskId) is not { } task)
        {
            return Refuse(RejectionReason.UnknownTask, $"There is no follow-up task '{taskId}' at '{OwnerId}'.");
        }

        if (task.Closed is { } closed)
        {
            return Refuse(RejectionReason.TaskClosed, $"Task '{taskId}' was closed by {closed.By.Name} at {closed.At:yyyy-MM-dd HH:mm} UTC: {closed.Outcome}");
        }

        return Rejection.WithoutStaff(by);
    }

    private static Rejection Refuse(RejectionReason reason, string detail, params string[] items) => new(reason, detail, items);

    /// <summary>Saves the tasks, then pushes each to the staff's dashboards (one-way: pushing never holds up the record).</summary>
    private async Task Save(IReadOnlyList<FollowUpTask> tasks)
    {
        foreach (var task in tasks)
        {
            state.State.Tasks[task.Id] = task;
        }

        await state.WriteStateAsync();
        ReportOpen();
        var feed = GrainFactory.GetGrain<ISchoolFeedGrain>(OwnerId);
        foreach (var task in tasks)
        {
            await feed.TaskChanged(task);
        }
    }

    private void ReportOpen() => metrics.OpenTasks(OwnerId, [.. state.State.Tasks.Values.Where(t => t.IsOpen).Select(t => t.Due)]);
}
