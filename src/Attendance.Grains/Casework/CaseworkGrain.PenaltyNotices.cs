using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.FollowUp;
using Attendance.Grains.Registers;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Casework;

/// <summary>
/// Penalty notices as a lifecycle (2024 national framework; seed 002 §11): the case opens from the headteacher's
/// decision on a threshold alert, then each step is checked against the framework's order, the Notice to Improve's
/// improvement period, the payment windows and the limit of notices per parent and child within the cap's years.
/// </summary>
public sealed partial class CaseworkGrain
{
    public async Task<Outcome<AttendanceAlert>> Pursue(string alertId, AlertDecision decision)
    {
        var inbox = GrainFactory.GetGrain<IAlertInboxGrain>(SchoolId);
        if (await inbox.CheckDecision(alertId, decision) is { } refused)
        {
            return refused;
        }

        var alert = (await inbox.Get(alertId))!;
        if (alert.Kind != CrossingKind.PenaltyNoticeThreshold || decision.PenaltyNotice is not { Issue: true } notice)
        {
            return Invalid("Only a decision to pursue a penalty notice on a penalty-notice threshold alert opens a case.", "penaltyNotice");
        }

        // A case the alert already has (its decision was interrupted) is the one the decision records.
        var opened = state.State.PenaltyCases.Values.FirstOrDefault(c => c.AlertId == alertId) is { } existing
            ? existing
            : await Open(alert, notice, decision.DecidedBy);
        return opened.Value is { } penalty
            ? await inbox.Decide(alertId, decision with { PenaltyCase = $"for {penalty.Parent}: {penalty.Steps[0].Note}" })
            : opened.Rejection!;
    }

    /// <summary>
    /// Opens the case: the considerations answered, no case open for the parent, the cap not reached; the sessions
    /// concerned are those of the rolling window when the alert was raised (a decision made weeks later keeps them).
    /// </summary>
    private async Task<Outcome<PenaltyCase>> Open(AttendanceAlert alert, PenaltyNoticeDecision notice, Staff by)
    {
        var upn = alert.Upn!;
        if (await GrainFactory.GetPupil(SchoolId, upn).GetDetails() is not { } pupil)
        {
            return new Rejection(RejectionReason.UnknownPupil, $"There is no pupil '{upn}' on roll at '{SchoolId}'.");
        }

        var (settings, policy) = await SettingsAndPolicy();
        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var parent = notice.Parent?.Trim() ?? "";
        var refused = Rejection.WithoutStaff(by, "deciding this")
            ?? (parent.Length == 0 ? Invalid("Say which parent the penalty notice would be for: the framework limits notices per parent.", "penaltyNotice.parent")
            : notice.Considerations is not { } considered || considered.Answers().Any(string.IsNullOrWhiteSpace)
                ? Invalid("Answer each of the framework's considerations before pursuing a penalty notice: support, whether it is the best tool, a Notice to Improve, another legal intervention, reasonable adjustments.", "penaltyNotice.considerations")
            : CasesFor(upn, parent).FirstOrDefault(c => c.IsOpen) is { } open
                ? new Rejection(RejectionReason.PenaltyStepRefused, $"A penalty-notice case for {parent} and {pupil.DisplayName} is open ({open.Current} on {open.Steps[^1].On:d MMMM yyyy}): record its next step rather than opening another.")
            : CapReached(upn, parent, today, policy));
        if (refused is not null)
        {
            return refused;
        }

        var marks = new PupilRegister(await GrainFactory.GetPupil(SchoolId, upn).GetEntries()).CurrentMarks();
        var raisedOn = DateOnly.FromDateTime(settings.LocalTime(alert.RaisedAt));
        var week = settings.Calendar.SchoolWeek(settings.Calendar.SchoolDayOnOrBefore(raisedOn)) ?? 0;
        var concerned = PenaltyNoticeRules.SessionsConcerned(marks, week, policy.PenaltyNoticeWeeks);
        var termTimeLeave = PenaltyNoticeRules.IsTermTimeLeave(concerned.Select(m => m.Code), policy.Families.RefusedLeaveCode, policy.PenaltyNoticeSessions);
        var hadNotice = CasesFor(upn, parent).Any(c => c.StepOf(PenaltyStep.NoticeToImprove) is { } n && n.On > today.AddYears(-policy.PenaltyNoticeCapYears));
        var rules = policy.PenaltyNotices;
        var first = rules.FirstStep(termTimeLeave, hadNotice);
        var why = first == PenaltyStep.NoticeToImprove
            ? $"Notice to Improve given to {parent}: the improvement period runs to {rules.ImprovementEnds(today):d MMMM yyyy}."
            : $"Penalty notice requested from the local authority for {parent}: " + (termTimeLeave ? "leave in term time, so no Notice to Improve (the national framework)."
                : hadNotice ? $"a Notice to Improve was given within the last {policy.PenaltyNoticeCapYears} years." : "the policy does not ask for a Notice to Improve first.");
        var saved = new PenaltyCase(RecordIds.New("penalty"), upn, pupil.DisplayName, parent, alert.Id, notice.Considerations!,
            notice.Rationale.Trim(), termTimeLeave, concerned, [new PenaltyCaseStep(first, today, why, by, clock.GetUtcNow())]);
        state.State.PenaltyCases[saved.Id] = saved;
        await state.WriteStateAsync();
        await Start();
        return saved;
    }

    public async Task<Outcome<PenaltyCase>> RecordStep(string caseId, PenaltyCaseStep step)
    {
        if (state.State.PenaltyCases.GetValueOrDefault(caseId) is not { } penalty)
        {
            return new Rejection(RejectionReason.UnknownRequest, $"There is no penalty-notice case '{caseId}' at this school.");
        }

        var (settings, policy) = await SettingsAndPolicy();
        var today = DateOnly.FromDateTime(settings.LocalTime(clock.GetUtcNow()));
        var last = penalty.Steps[^1];
        var refused = Rejection.WithoutStaff(step.By, "recording this")
            ?? (!Enum.IsDefined(step.Step) ? Invalid("The step is one of NoticeToImprove, Improved, Requested, Declined, Issued, Paid, Withdrawn or ProsecutionReferred.", "step")
            : !penalty.Next.Contains(step.Step) ? new Rejection(RejectionReason.PenaltyStepRefused, penalty.Next.Count == 0
                ? $"This case ended: {penalty.Current} on {last.On:d MMMM yyyy}."
                : $"After {penalty.Current} comes {string.Join(" or ", penalty.Next)}, not {step.Step}.", ["step"])
            : step.On > today ? Invalid($"Record a step once it has happened: {step.On:d MMMM yyyy} is after today.", "on")
            : step.On < last.On ? Invalid($"A step comes on or after the last one ({last.Step}, {last.On:d MMMM yyyy}).", "on")
            : step.Step is PenaltyStep.Improved or PenaltyStep.Declined or PenaltyStep.Withdrawn or PenaltyStep.ProsecutionReferred && string.IsNullOrWhiteSpace(step.Note)
                ? Invalid($"Say why ({step.Step}): it stays on the pupil's record.", "note")
            : null);
        refused ??= await CheckTiming(penalty, step, policy);
        if (refused is not null)
        {
            return refused;
        }

        var noticeNumber = step.Step == PenaltyStep.Issued ? Issued(penalty.Upn, penalty.Parent, step.On, policy) + 1 : penalty.NoticeNumber;
        var amount = step.Step == PenaltyStep.Paid ? policy.PenaltyNotices.AmountDue(noticeNumber!.Value, penalty.StepOf(PenaltyStep.Issued)!.On, step.On) : null;
        var recorded = penalty with
        {
            NoticeNumber = noticeNumber,
            Steps = [.. penalty.Steps, step with { Note = step.Note?.Trim() ?? "", RecordedAt = clock.GetUtcNow(), Amount = amount, Reference = step.Reference?.Trim() }],
        };
        state.State.PenaltyCases[caseId] = recorded;
        await state.WriteStateAsync();
        var followUp = GrainFactory.GetGrain<IFollowUpGrain>(SchoolId);
        foreach (var due in new[] { ImprovementTask(penalty), UnpaidTask(penalty) })
        {
            await followUp.Close(due, new TaskClosure(clock.GetUtcNow(), step.By, $"Recorded: {step.Step}.", ContactMade: false));
        }

        return recorded;
    }

    public Task<PenaltyCase?> Get(string caseId) => Task.FromResult(state.State.PenaltyCases.GetValueOrDefault(caseId));

    public Task<IReadOnlyList<PenaltyCase>> ListCases(string? upn = null) => Task.FromResult(CasesOf(upn));

    private IReadOnlyList<PenaltyCase> CasesOf(string? upn) =>
        [.. state.State.PenaltyCases.Values.Where(c => upn is null || c.Upn == upn).OrderByDescending(c => c.IsOpen).ThenByDescending(c => c.Steps[0].RecordedAt)];

    /// <summary>The improvement period (a request before its end needs unauthorised absence since), the payment window (prosecution after it; payment within it).</summary>
    private async Task<Rejection?> CheckTiming(PenaltyCase penalty, PenaltyCaseStep step, AttendancePolicy policy)
    {
        var rules = policy.PenaltyNotices;
        if (penalty.Current == PenaltyStep.NoticeToImprove)
        {
            var given = penalty.Steps[^1].On;
            var marks = new PupilRegister(await GrainFactory.GetPupil(SchoolId, penalty.Upn).GetEntries()).CurrentMarks();
            var since = marks.Count(m => m.Session.Date > given && m.Session.Date <= step.On && m.Category == AttendanceCategory.UnauthorisedAbsence);
            return rules.CheckAfterNotice(step.Step, given, step.On, since) is { } early ? new Rejection(RejectionReason.PenaltyStepRefused, early, ["on"]) : null;
        }

        if (penalty.Current != PenaltyStep.Issued)
        {
            return step.Step == PenaltyStep.Issued ? CapReached(penalty.Upn, penalty.Parent, step.On, policy) : null;
        }

        var issued = penalty.Steps[^1].On;
        var windowEnds = issued.AddDays(rules.PaymentDays);
        return step.Step switch
        {
            PenaltyStep.Paid when rules.AmountDue(penalty.NoticeNumber ?? 1, issued, step.On) is null => new Rejection(RejectionReason.PenaltyStepRefused,
                $"The notice could be paid until {windowEnds:d MMMM yyyy} ({rules.PaymentDays} days from its issue): after that the local authority decides whether to prosecute or withdraw it.", ["on"]),
            PenaltyStep.ProsecutionReferred when !rules.PastPaymentWindow(issued, step.On) => new Rejection(RejectionReason.PenaltyStepRefused,
                $"The parent has until {windowEnds:d MMMM yyyy} to pay ({rules.PaymentDays} days from the notice's issue): prosecution comes after that.", ["on"]),
            _ => null,
        };
    }

    /// <summary>Tasks for the attendance lead when a Notice to Improve's period has ended, or an issued notice is unpaid past its window.</summary>
    private async Task<IReadOnlyList<FollowUpTask>> PenaltyTasks(SchoolSettings settings, DateOnly today)
    {
        var tasks = new List<FollowUpTask>();
        if (!state.State.PenaltyCases.Values.Any(c => c.IsOpen))
        {
            return tasks; // the minute's check asks the school for nothing more
        }

        var rules = (await GrainFactory.GetGrain<ISchoolGrain>(SchoolId).GetPolicy())!.Policy.PenaltyNotices;
        foreach (var penalty in state.State.PenaltyCases.Values.Where(c => c.IsOpen))
        {
            var since = penalty.Steps[^1].On;
            var (id, what) = penalty.Current switch
            {
                PenaltyStep.NoticeToImprove when rules.ImprovementEnds(since) < today => (ImprovementTask(penalty),
                    $"The Notice to Improve given to {penalty.Parent} for {penalty.PupilName} ended on {rules.ImprovementEnds(since):d MMMM yyyy}: record whether attendance improved, or ask the headteacher to request a penalty notice."),
                PenaltyStep.Issued when rules.PastPaymentWindow(since, today) => (UnpaidTask(penalty),
                    $"The penalty notice issued to {penalty.Parent} for {penalty.PupilName} on {since:d MMMM yyyy} is past its {rules.PaymentDays} days and not recorded as paid: ask the local authority whether it prosecutes or withdraws it."),
                _ => (null, null),
            };
            if (id is not null)
            {
                tasks.Add((await ReviewTaskFor(settings, penalty.Id, FollowUpKind.PenaltyNoticeStep, penalty.Upn, today, what!)) with { Id = id });
            }
        }

        return tasks;
    }

    private IEnumerable<PenaltyCase> CasesFor(string upn, string parent) =>
        state.State.PenaltyCases.Values.Where(c => c.Upn == upn && string.Equals(c.Parent, parent, StringComparison.OrdinalIgnoreCase));

    /// <summary>Notices issued to the parent for the pupil (not withdrawn) within the cap's years before <paramref name="on"/>.</summary>
    private int Issued(string upn, string parent, DateOnly on, AttendancePolicy policy) =>
        CasesFor(upn, parent).Count(c => c.Current != PenaltyStep.Withdrawn && c.StepOf(PenaltyStep.Issued) is { } issued && issued.On > on.AddYears(-policy.PenaltyNoticeCapYears));

    private Rejection? CapReached(string upn, string parent, DateOnly on, AttendancePolicy policy)
    {
        var issued = Issued(upn, parent, on, policy);
        return issued < policy.PenaltyNoticesPerParent ? null : new Rejection(RejectionReason.PenaltyNoticeCapReached,
            $"{parent} has been issued {issued} penalty notice(s) for pupil {upn} in the last {policy.PenaltyNoticeCapYears} years: the limit is {policy.PenaltyNoticesPerParent}. Consider another legal intervention (e.g. prosecution, as the local authority's code of conduct sets out).",
            [upn]);
    }

    /// <summary>The school's date now (a case log entry of today, written just after midnight in summer, is not "after today").</summary>
    private async Task<DateOnly> SchoolToday() =>
        DateOnly.FromDateTime((await GrainFactory.GetGrain<ISchoolGrain>(SchoolId).GetSettings())!.LocalTime(clock.GetUtcNow()));

    private async Task<(SchoolSettings Settings, AttendancePolicy Policy)> SettingsAndPolicy()
    {
        var school = GrainFactory.GetGrain<ISchoolGrain>(SchoolId);
        return ((await school.GetSettings())!, (await school.GetPolicy())!.Policy);
    }

    private static string ImprovementTask(PenaltyCase penalty) => $"penalty-{penalty.Id}-improvement";

    private static string UnpaidTask(PenaltyCase penalty) => $"penalty-{penalty.Id}-unpaid";
}
