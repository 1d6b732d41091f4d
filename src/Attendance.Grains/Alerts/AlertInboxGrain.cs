using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Alerts;

[GenerateSerializer]
public sealed class AlertInboxState
{
    /// <summary>Every alert and improvement by id: also how a resent crossing is recognised.</summary>
    [Id(0)] public Dictionary<string, AttendanceAlert> Alerts { get; set; } = [];
}

[SchoolPlacement]
public sealed class AlertInboxGrain(
    [PersistentState("alerts", StorageNames.Attendance)] IPersistentState<AlertInboxState> state,
    [FromKeyedServices(SchoolClock.Key)] TimeProvider clock,
    AttendanceMetrics metrics) : Grain, IAlertInboxGrain
{
    private string SchoolId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ReportOpen();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.OpenAlerts(SchoolId, null);
        return Task.CompletedTask;
    }

    private Dictionary<string, AttendanceAlert> Alerts => state.State.Alerts;

    public async Task Receive(IReadOnlyList<CrossingNotice> notices)
    {
        var changed = new List<AttendanceAlert>();
        foreach (var notice in notices.Where(n => !Alerts.ContainsKey(n.AlertId)))
        {
            var alert = AlertText.From(SchoolId, notice, clock.GetUtcNow());
            if (!notice.Crossing.Worse)
            {
                changed.AddRange(ResolveBy(notice));
            }

            changed.Add(Alerts[alert.Id] = alert);
        }

        await Save(changed);
    }

    public Task Raise(AttendanceAlert alert) => Alerts.ContainsKey(alert.Id) ? Task.CompletedTask : Save([Alerts[alert.Id] = alert]);

    public Task Extend(string alertId, string summary, string what) => Alerts.GetValueOrDefault(alertId) is { IsOpen: true } alert
        ? Save([Alerts[alertId] = alert with { Summary = summary, Trail = [.. alert.Trail, new AlertNote(clock.GetUtcNow(), "Attendance.Orleans", what)] }])
        : Task.CompletedTask;

    public Task Resolve(string alertId, string resolution, Staff by) => Alerts.GetValueOrDefault(alertId) is { IsOpen: true } alert
        ? Save([Alerts[alertId] = Note(alert with { Status = AlertStatus.Resolved, Resolution = resolution }, by, resolution)])
        : Task.CompletedTask;

    public Task<IReadOnlyList<AttendanceAlert>> List(AlertQuery query) => Task.FromResult<IReadOnlyList<AttendanceAlert>>([
        .. Alerts.Values
            .Where(a => (query.IncludeClosed || a.IsOpen) && (query.Upn is null || a.Upn == query.Upn) && (query.Kind is null || a.Kind == query.Kind)
                && (query.Classes is null || (a.ClassId is { } classId && query.Classes.Contains(classId))))
            .OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(Math.Clamp(query.Limit, 1, 1000)),
    ]);

    public Task<IReadOnlySet<string>> OpenTruancy() => Task.FromResult<IReadOnlySet<string>>(
        Alerts.Values.Where(a => a.IsOpen && a.Kind == CrossingKind.PostRegistrationTruancy).Select(a => a.Upn!).ToHashSet(StringComparer.Ordinal));

    public Task<AttendanceAlert?> Get(string alertId) => Task.FromResult(Alerts.GetValueOrDefault(alertId));

    public Task<Outcome<AttendanceAlert>> Acknowledge(string alertId, Staff by) => Act(alertId, by, alert =>
        alert.Status == AlertStatus.Acknowledged ? alert : Note(alert with { Status = AlertStatus.Acknowledged }, by, "Acknowledged"));

    public Task<Outcome<AttendanceAlert>> Assign(string alertId, Staff by, string assignee) => string.IsNullOrWhiteSpace(assignee)
        ? Refused(RejectionReason.InvalidRequest, "Say who the alert is assigned to.", "assignee")
        : Act(alertId, by, alert => Note(alert with { Status = AlertStatus.Acknowledged, AssignedTo = assignee.Trim() }, by, $"Assigned to {assignee.Trim()}"));

    public Task<Rejection?> CheckDecision(string alertId, AlertDecision decision) => Task.FromResult(Check(alertId, decision));

    public async Task<Outcome<AttendanceAlert>> Decide(string alertId, AlertDecision decision)
    {
        if (Check(alertId, decision) is { } refused)
        {
            return refused;
        }

        if (decision.PenaltyNotice is { Issue: true } && string.IsNullOrWhiteSpace(decision.PenaltyCase))
        {
            return new Rejection(RejectionReason.InvalidRequest, "Pursuing a penalty notice opens its case: send the decision to the school's penalty notices (IPenaltyNoticesGrain.Pursue).", ["penaltyNotice"]);
        }

        var pursued = decision.PenaltyNotice is { Issue: true } ? $"pursued {decision.PenaltyCase}" : "not pursued";
        return await Act(alertId, decision.DecidedBy, alert => Note(
            alert with { Status = AlertStatus.Decided, Decision = decision.Decision.Trim(), PenaltyNotice = decision.PenaltyNotice },
            decision.DecidedBy,
            decision.PenaltyNotice is { } n ? $"Decided: {decision.Decision.Trim()} (penalty notice {pursued}; rationale: {n.Rationale})" : $"Decided: {decision.Decision.Trim()}"));
    }

    /// <summary>
    /// Why the decision cannot be recorded, or null. Pursuing a notice comes from its case (the casework grain, which
    /// opens the case and then decides here, so this grain never waits on another while deciding).
    /// </summary>
    private Rejection? Check(string alertId, AlertDecision decision)
    {
        if (Alerts.GetValueOrDefault(alertId) is not { } target)
        {
            return UnknownAlert(alertId);
        }

        var isPenaltyAlert = target.Kind == CrossingKind.PenaltyNoticeThreshold;
        return string.IsNullOrWhiteSpace(decision.Decision) ? new Rejection(RejectionReason.InvalidRequest, "Record what was decided.", ["decision"])
            : isPenaltyAlert && string.IsNullOrWhiteSpace(decision.PenaltyNotice?.Rationale) ? new Rejection(RejectionReason.InvalidRequest,
                "The national threshold was reached: record whether a penalty notice is pursued and the rationale (2024 guidance requires it).", ["penaltyNotice"])
            : !isPenaltyAlert && decision.PenaltyNotice is not null ? new Rejection(RejectionReason.InvalidRequest, "A penalty-notice decision belongs to a penalty-notice threshold alert only.", ["penaltyNotice"])
            : !target.IsOpen ? Closed(target)
            : null;
    }

    public Task<int> CountYearAlerts() => Task.FromResult(YearAlerts(clock.GetUtcNow()).Count());

    public async Task<int> CloseYearAlerts(string year, DateTimeOffset endedAt, Staff by)
    {
        var resolution = $"New school year: {year} ended, and this measure starts again from the new year's sessions.";
        var closed = YearAlerts(endedAt).Select(a => Note(a with { Status = AlertStatus.Resolved, Resolution = resolution }, by, resolution)).ToList();
        foreach (var alert in closed)
        {
            Alerts[alert.Id] = alert;
        }

        await Save(closed);
        return closed.Count;
    }

    private IEnumerable<AttendanceAlert> YearAlerts(DateTimeOffset raisedBefore) =>
        Alerts.Values.Where(a => a.IsOpen && YearEnd.ClosesAtYearEnd(a.Kind) && a.RaisedAt <= raisedBefore);

    /// <summary>An improvement closes the open alerts it moves the pupil back across: those about a worse level.</summary>
    private List<AttendanceAlert> ResolveBy(CrossingNotice notice)
    {
        var cause = notice.CausedBy;
        var resolution = cause.AmendmentReason is { } reason
            ? $"Resolved by amendment ({cause.Code} for {cause.Session}: {reason}); now {notice.Crossing.To}."
            : $"Improved: now {notice.Crossing.To}.";
        var resolved = Alerts.Values
            .Where(a => a.IsOpen && a.Upn == notice.Upn && a.Kind == notice.Crossing.Kind && a.Level > notice.Crossing.Level)
            .Select(a => Note(a with { Status = AlertStatus.Resolved, Resolution = resolution }, cause.RecordedBy, resolution))
            .ToList();
        foreach (var alert in resolved)
        {
            Alerts[alert.Id] = alert;
        }

        return resolved;
    }

    private async Task<Outcome<AttendanceAlert>> Act(string alertId, Staff by, Func<AttendanceAlert, AttendanceAlert> change)
    {
        if (Rejection.WithoutStaff(by, "acting on the alert") is { } noStaff)
        {
            return noStaff;
        }

        if (Alerts.GetValueOrDefault(alertId) is not { } alert)
        {
            return UnknownAlert(alertId);
        }

        if (!alert.IsOpen)
        {
            return Closed(alert);
        }

        var changed = change(alert);
        if (changed != alert)
        {
            Alerts[alertId] = changed;
            await Save([changed]);
        }

        return changed;
    }

    private Rejection UnknownAlert(string alertId) => new(RejectionReason.UnknownAlert, $"There is no alert '{alertId}' at school '{SchoolId}'.", [alertId]);

    private static Rejection Closed(AttendanceAlert alert) =>
        new(RejectionReason.AlertClosed, $"Alert '{alert.Id}' is {alert.Status.ToString().ToLowerInvariant()}: {alert.Resolution ?? alert.Decision}", [alert.Id]);

    private AttendanceAlert Note(AttendanceAlert alert, Staff by, string what) =>
        alert with { Trail = [.. alert.Trail, new AlertNote(clock.GetUtcNow(), $"{by.Name} ({by.Position})", what)] };

    private static Task<Outcome<AttendanceAlert>> Refused(RejectionReason reason, string detail, params string[] items) =>
        Task.FromResult<Outcome<AttendanceAlert>>(new Rejection(reason, detail, items));

    /// <summary>Saves, then pushes each change to the school's leads; a lead's page that misses one reloads the inbox.</summary>
    private async Task Save(IReadOnlyList<AttendanceAlert> changed)
    {
        if (changed.Count == 0)
        {
            return;
        }

        await state.WriteStateAsync();
        ReportOpen();
        var feed = GrainFactory.GetGrain<ISchoolFeedGrain>(SchoolId);
        foreach (var alert in changed)
        {
            await feed.AlertChanged(alert);
        }
    }

    private void ReportOpen() => metrics.OpenAlerts(SchoolId, Alerts.Values.Count(a => a.IsOpen));
}
