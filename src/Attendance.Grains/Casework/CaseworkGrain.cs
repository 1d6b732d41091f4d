using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Options;
using Attendance.Grains.Schools;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Hosting;
using Attendance.Grains.Registers;

namespace Attendance.Grains.Casework;

[GenerateSerializer]
public sealed class CaseworkState
{
    [Id(0)] public Dictionary<string, ActionPlan> Plans { get; set; } = [];

    [Id(1)] public Dictionary<string, PartTimeTimetable> Timetables { get; set; } = [];

    /// <summary>Part-time timetable sessions already coded, as "timetable id/session".</summary>
    [Id(2)] public HashSet<string> Coded { get; set; } = [];

    [Id(3)] public Dictionary<string, CaseEntry> Log { get; set; } = [];

    [Id(4)] public Dictionary<string, PenaltyCase> PenaltyCases { get; set; } = [];
}

/// <summary>
/// A school's casework: the case log, plans and contracts, part-time timetables and penalty notices. Every minute (a
/// reminder) it raises a follow-up task for each review that has fallen due, codes the part-time timetables' sessions
/// off site whose registers have opened, checks contracts' weeks against their targets and penalty notices' periods.
/// Recording a review closes its task.
/// </summary>
[SchoolPlacement]
public sealed partial class CaseworkGrain(
    [PersistentState("casework", StorageNames.Attendance)] IPersistentState<CaseworkState> state,
    IOptions<FollowUpOptions> options,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock) : Grain, ICaseworkGrain, IPenaltyNoticesGrain, IRemindable
{
    private const string Reminder = "casework";

    /// <summary>The national code for sessions off site on a part-time timetable.</summary>
    private const string PartTimeCode = "C2";

    private string SchoolId => this.GetPrimaryKeyString();

    public Task Start() => this.RegisterOrUpdateReminder(Reminder, options.Value.CheckEvery, options.Value.CheckEvery);

    public Task ReceiveReminder(string reminderName, TickStatus status) => CheckDue();

    public async Task<Outcome<ActionPlan>> RecordPlan(ActionPlan plan)
    {
        var refused = await Check(plan.Upn, plan.RecordedBy, plan.ReviewOn, plan.MeetingOn, "the meeting");
        refused ??= !Enum.IsDefined(plan.Kind) ? Invalid("The kind is ActionPlan, Contract, Reintegration or HealthCare.", "kind")
            : plan.Kind == PlanKind.Contract && plan.Target is null ? Invalid("A contract has a weekly target in sessions, e.g. 9 out of 10 sessions each week.", "target")
            : plan.Target?.Check() is { } problem ? Invalid(problem, "target") : null;
        if (refused is not null)
        {
            return refused;
        }

        var pupil = (await GrainFactory.GetPupil(SchoolId, plan.Upn).GetDetails())!;
        var saved = plan with { Id = RecordIds.New("plan"), PupilName = pupil.DisplayName, RecordedAt = clock.GetUtcNow(), Reviews = [], Weeks = [], Signatures = [] };
        state.State.Plans[saved.Id] = saved;
        await state.WriteStateAsync();
        return saved;
    }

    public async Task<Outcome<ActionPlan>> ReviewPlan(string planId, CaseReview review)
    {
        if (state.State.Plans.GetValueOrDefault(planId) is not { } plan)
        {
            return Unknown(planId);
        }

        if (CheckReview(plan.IsOpen, review) is { } refused)
        {
            return refused;
        }

        var reviewed = plan with { Reviews = [.. plan.Reviews, review with { At = clock.GetUtcNow() }] };
        state.State.Plans[planId] = reviewed;
        await state.WriteStateAsync();
        await ReviewDone(ReviewTask(plan.Id, plan.NextReview), review);
        return reviewed;
    }

    public async Task<Outcome<PartTimeTimetable>> RecordTimetable(PartTimeTimetable timetable)
    {
        var refused = await Check(timetable.Upn, timetable.RecordedBy, timetable.ReviewOn, timetable.Start, "the start");
        refused ??= timetable.AgreedEnd < timetable.Start || timetable.ReviewOn > timetable.AgreedEnd
            ? Invalid("A part-time timetable ends on or after its start, and is reviewed by its agreed end.", "agreedEnd")
            : timetable.SessionsOff is not { Count: > 0 } off || off.Any(s => !Enum.IsDefined(s.Day) || !Enum.IsDefined(s.Part) || s.Day is DayOfWeek.Saturday or DayOfWeek.Sunday)
                ? Invalid("Name the weekday sessions the pupil is not in school (e.g. Friday PM).", "sessionsOff")
                : string.IsNullOrWhiteSpace(timetable.Reason) ? Invalid("Say why the timetable is needed and what it is for.", "reason") : null;
        refused ??= Rejection.Of(RejectionReason.InvalidRequest, [.. (await Rules()).CheckTimetable(timetable.Start, timetable.AgreedEnd, timetable.ReviewOn)]);
        if (refused is not null)
        {
            return refused;
        }

        var pupil = (await GrainFactory.GetPupil(SchoolId, timetable.Upn).GetDetails())!;
        var saved = timetable with { Id = RecordIds.New("timetable"), PupilName = pupil.DisplayName, RecordedAt = clock.GetUtcNow(), Reviews = [], Reason = timetable.Reason.Trim() };
        state.State.Timetables[saved.Id] = saved;
        await state.WriteStateAsync();
        await CheckDue();
        return saved;
    }

    public async Task<Outcome<PartTimeTimetable>> ReviewTimetable(string timetableId, CaseReview review)
    {
        if (state.State.Timetables.GetValueOrDefault(timetableId) is not { } timetable)
        {
            return Unknown(timetableId);
        }

        if (CheckReview(timetable.IsOpen, review) is { } refused)
        {
            return refused;
        }

        var reviewedOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (review.NextReview is { } next && (await Rules()).CheckNextReview(reviewedOn, next) is { } tooLate)
        {
            return Invalid(tooLate, "nextReview");
        }

        var reviewed = timetable with { Reviews = [.. timetable.Reviews, review with { At = clock.GetUtcNow() }] };
        state.State.Timetables[timetableId] = reviewed;
        await state.WriteStateAsync();
        await ReviewDone(ReviewTask(timetable.Id, timetable.NextReview), review);
        return reviewed;
    }

    public Task<PupilCasework> List(string? upn = null) => Task.FromResult(new PupilCasework(
        [.. state.State.Plans.Values.Where(p => upn is null || p.Upn == upn).OrderByDescending(p => p.MeetingOn)],
        [.. state.State.Timetables.Values.Where(t => upn is null || t.Upn == upn).OrderByDescending(t => t.Start)],
        // Latest recorded first among entries of the same day (the sort is stable, the log in the order recorded).
        [.. state.State.Log.Values.Where(e => upn is null || e.Upn == upn).Reverse().OrderByDescending(e => e.On).ThenByDescending(e => e.RecordedAt)],
        CasesOf(upn)));

    public async Task CheckDue()
    {
        var anything = state.State.Plans.Values.Any(p => p.IsOpen) || state.State.Timetables.Values.Any(t => t.IsOpen || !state.State.Coded.Contains(t.Id))
            || state.State.PenaltyCases.Values.Any(c => c.IsOpen);
        if (!anything || await GrainFactory.GetGrain<ISchoolGrain>(SchoolId).GetSettings() is not { } settings)
        {
            return;
        }

        var now = settings.LocalTime(clock.GetUtcNow());
        var today = DateOnly.FromDateTime(now);
        var tasks = new List<FollowUpTask>();
        foreach (var plan in state.State.Plans.Values.Where(p => p.IsOpen && p.NextReview <= today))
        {
            tasks.Add(await ReviewTaskFor(settings, plan.Id, FollowUpKind.ReviewActionPlan, plan.Upn, plan.NextReview,
                $"Review the {plan.Name} agreed on {plan.MeetingOn:d MMMM} for {plan.PupilName}: has attendance improved? Record the outcome (improved, continue, escalate)."));
        }

        foreach (var timetable in state.State.Timetables.Values.Where(t => t.IsOpen && t.NextReview <= today))
        {
            tasks.Add(await ReviewTaskFor(settings, timetable.Id, FollowUpKind.ReviewPartTimeTimetable, timetable.Upn, timetable.NextReview,
                $"Attendance lead: {timetable.PupilName}'s part-time timetable (since {timetable.Start:d MMMM}, agreed to end {timetable.AgreedEnd:d MMMM}) is due for review. Review it with the parents: back to full time, continue to a new date, or escalate."));
        }

        // Before the agreed end: the return to full time is planned, not discovered on the day (004 §10.3).
        var warning = (await Rules()).PartTimeTimetableWarningDays;
        foreach (var timetable in state.State.Timetables.Values.Where(t => t.IsOpen && t.AgreedEnd.AddDays(-warning) <= today && today <= t.AgreedEnd))
        {
            tasks.Add(await EndingTaskFor(settings, timetable));
        }

        tasks.AddRange(await TrackTargets(settings, today));
        tasks.AddRange(await PenaltyTasks(settings, today));
        if (tasks.Count > 0)
        {
            await GrainFactory.GetGrain<IFollowUpGrain>(SchoolId).Add(tasks);
        }

        await CodeTimetables(settings, today);
    }

    /// <summary>Codes each timetable's sessions off site, up to today, as C2 once their registers have opened.</summary>
    private async Task CodeTimetables(SchoolSettings settings, DateOnly today)
    {
        var coded = state.State.Coded.Count;
        foreach (var timetable in state.State.Timetables.Values.Where(t => !state.State.Coded.Contains(t.Id)))
        {
            var last = timetable.LastDay < today ? timetable.LastDay : today;
            var range = new SessionRange(new Session(timetable.Start, SessionPart.AM), new Session(last, SessionPart.PM));
            foreach (var session in range.OpenSessions(settings.Calendar).Where(s => timetable.Covers(s) && !state.State.Coded.Contains($"{timetable.Id}/{s}")))
            {
                var reason = $"Part-time timetable agreed by {timetable.RecordedBy.Name} from {timetable.Start:d MMMM yyyy}: {timetable.Reason}";
                if (!await GrainFactory.ApplyDecidedCode(SchoolId, timetable.Upn, session, PartTimeCode, reason, timetable.RecordedBy))
                {
                    break; // not open yet: the next check
                }

                state.State.Coded.Add($"{timetable.Id}/{session}");
            }

            if (timetable.LastDay < today)
            {
                state.State.Coded.Add(timetable.Id); // ended: nothing more to code
            }
        }

        if (state.State.Coded.Count != coded)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>The task telling the attendance lead a timetable is ending (one per timetable and agreed end), due on the end.</summary>
    private async Task<FollowUpTask> EndingTaskFor(SchoolSettings settings, PartTimeTimetable timetable) =>
        (await ReviewTaskFor(settings, timetable.Id, FollowUpKind.PartTimeTimetableEnds, timetable.Upn, timetable.AgreedEnd,
            $"Attendance lead: {timetable.PupilName}'s part-time timetable ends on {timetable.AgreedEnd:dddd d MMMM}. Plan the return to full time with the parents, or review it before then.")) with
        {
            Id = $"ends-{timetable.Id}-{timetable.AgreedEnd:yyyy-MM-dd}",
        };

    /// <summary>The school's family rules in force: part-time timetables' limits.</summary>
    private async Task<FamilyRules> Rules() => (await GrainFactory.GetGrain<ISchoolGrain>(SchoolId).GetPolicy())?.Policy.Families ?? new FamilyRules();

    /// <summary>The follow-up task for a plan's or timetable's review falling due (one per review date).</summary>
    private async Task<FollowUpTask> ReviewTaskFor(SchoolSettings settings, string recordId, FollowUpKind kind, string upn, DateOnly due, string what)
    {
        var pupil = (await GrainFactory.GetPupil(SchoolId, upn).GetDetails())!;
        var session = new Session(due, SessionPart.AM);
        return new FollowUpTask(ReviewTask(recordId, due), SchoolId, kind, SchoolId, upn, pupil.DisplayName, pupil.RegistrationGroup, session, what, clock.GetUtcNow(),
            settings.InstantOf(due.ToDateTime(new TimeOnly(17, 0))), pupil.Flags, pupil.Contacts, NextContact: 0, Calls: [], Closed: null);
    }

    private async Task ReviewDone(string taskId, CaseReview review) =>
        await GrainFactory.GetGrain<IFollowUpGrain>(SchoolId).Close(taskId, new TaskClosure(clock.GetUtcNow(), review.By, $"Reviewed: {review.Outcome}. {review.Note}", ContactMade: true));

    private static string ReviewTask(string id, DateOnly due) => $"review-{id}-{due:yyyy-MM-dd}";

    private async Task<Rejection?> Check(string upn, Staff? by, DateOnly reviewOn, DateOnly from, string what)
    {
        if (await GrainFactory.GetPupil(SchoolId, upn).GetDetails() is null)
        {
            return new Rejection(RejectionReason.UnknownPupil, $"There is no pupil '{upn}' on roll at '{SchoolId}'.");
        }

        return Rejection.WithoutStaff(by, "recording this")
            ?? (reviewOn <= from ? Invalid($"The review date ({reviewOn:d MMMM yyyy}) must come after {what} ({from:d MMMM yyyy}).", "reviewOn") : null);
    }

    private static Rejection? CheckReview(bool open, CaseReview review) =>
        !open ? new Rejection(RejectionReason.AlreadyDecided, "This was closed by its last review; record a new one instead.")
        : Rejection.WithoutStaff(review.By, "reviewing this")
        ?? (!Enum.IsDefined(review.Outcome) ? Invalid("The outcome is Improved, Continue or Escalate.", "outcome")
        : string.IsNullOrWhiteSpace(review.Note) ? Invalid("Say what the review found.", "note")
        : review.Outcome == ReviewOutcome.Continue && review.NextReview is null ? Invalid("Continuing needs the next review date.", "nextReview") : null);

    private static Rejection Invalid(string detail, string field) => new(RejectionReason.InvalidRequest, detail, [field]);

    private static Rejection Unknown(string id) => new(RejectionReason.UnknownRequest, $"There is no action plan or part-time timetable '{id}' at this school.");
}
