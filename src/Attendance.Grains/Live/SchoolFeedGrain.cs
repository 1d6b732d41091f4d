using System.Diagnostics;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using Attendance.Grains.Schools;
using Attendance.Grains.Hosting;

namespace Attendance.Grains.Live;

/// <summary>
/// A school's live feed for the latest session. Class grains send it each change one-way. The first change after a
/// quiet interval is pushed at once (a quiet morning reaches dashboards in milliseconds); under load, a timer turns
/// what changed since the last push into one delta per interval (a rush reaches a dashboard a few times a second).
/// Each delta has the next sequence number and goes to every subscribed observer (one per silo). Deltas carry
/// absolute values for what they touch, so applying one twice is harmless and the last one always leaves a client
/// with the final state. The view lives in memory: a new activation rebuilds it from the classes under a new epoch,
/// and clients seeing the new epoch take a fresh snapshot.
/// </summary>
[SchoolPlacement]
public sealed class SchoolFeedGrain : Grain, ISchoolFeedGrain
{
    private readonly TimeProvider clock;
    private readonly DashboardOptions options;
    private readonly ObserverManager<IDashboardObserver> observers;
    private readonly Queue<DashboardDelta> recent = new();
    private readonly ILogger<SchoolFeedGrain> logger;
    private readonly AttendanceMetrics metrics;
    private string epoch = NewEpoch();
    private readonly FeedChanges pending = new();
    private FeedView? view;
    private Session? comparedWithUsual;
    private long sequence;
    private long lastPush = Stopwatch.GetTimestamp() - Stopwatch.Frequency * 3600; // wall time, not the school's clock
    private (SchoolSettings Settings, decimal TargetPercent, DateTimeOffset ReadAt)? settings;

    // The trailing edge: armed by a change that came inside the interval, so a feed with nothing to push does not
    // tick (a school's feed is active all day; ticking every 50 ms cost more CPU than a gentle morning's marks).
    private IGrainTimer? flush;
    private bool flushArmed;

    // Armed for the moment today's last register closes, so "compare with usual" comes then, not at the next push or
    // reconciliation (a quiet school may have neither for a minute).
    private IGrainTimer? atClose;

    public SchoolFeedGrain(
        [FromKeyedServices(SchoolClock.Key)] TimeProvider clock, IOptions<DashboardOptions> options, ILogger<SchoolFeedGrain> logger, AttendanceMetrics metrics)
    {
        this.metrics = metrics;
        this.clock = clock;
        this.options = options.Value;
        this.logger = logger;
        observers = new ObserverManager<IDashboardObserver>(TimeSpan.FromMinutes(2), logger);
    }

    private string SchoolId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        flush = this.RegisterGrainTimer(Flush, new GrainTimerCreationOptions(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan) { Interleave = false });
        this.RegisterGrainTimer(Reconcile, new GrainTimerCreationOptions(options.ReconcileEvery, options.ReconcileEvery) { Interleave = false });
        return Task.CompletedTask;
    }

    public async Task ClassChanged(ClassSessionStatus status, Session session, IReadOnlyList<PupilMarkChange> changes)
    {
        var current = await CurrentView();
        if (current is null || session != current.Session)
        {
            return; // an amendment to an earlier session: not on the live view
        }

        current.Classes[status.ClassId] = status;
        pending.Classes.Add(status.ClassId);
        foreach (var change in changes)
        {
            current.Apply(change, pending);
        }

        // Leading edge: nothing pushed for a whole interval, so this change goes now; otherwise it goes with the
        // others when the interval since the last push is up.
        var sinceLastPush = Stopwatch.GetElapsedTime(lastPush);
        if (sinceLastPush >= options.UpdateInterval)
        {
            await Flush();
        }
        else if (!flushArmed)
        {
            flushArmed = true;
            flush!.Change(options.UpdateInterval - sinceLastPush, Timeout.InfiniteTimeSpan);
        }
    }

    public Task AlertChanged(AttendanceAlert alert)
    {
        observers.Notify(o => o.OnAlert(alert));
        return Task.CompletedTask;
    }

    public Task TaskChanged(FollowUpTask task)
    {
        observers.Notify(o => o.OnTask(task));
        return Task.CompletedTask;
    }

    public Task FamilyRequestChanged(FamilyRequestChange change)
    {
        observers.Notify(o => o.OnFamilyRequest(change));
        return Task.CompletedTask;
    }

    public Task PupilMarked(string upn, RegisterEntry mark)
    {
        observers.Notify(o => o.OnPupilMark(SchoolId, upn, mark));
        return Task.CompletedTask;
    }

    public Task RollCallChanged(RollCallChange change)
    {
        observers.Notify(o => o.OnRollCall(change));
        return Task.CompletedTask;
    }

    public async Task<DashboardSnapshot?> GetSnapshot()
    {
        if (await CurrentView() is not { } current)
        {
            return null;
        }

        return new DashboardSnapshot(
            SchoolId, current.SchoolName, epoch, sequence, current.Session, current.SessionIsToday, current.TargetPercent,
            current.Totals(),
            [.. current.Classes.Values.OrderBy(c => c.ClassId, StringComparer.Ordinal)],
            [.. current.ArrivalsPerMinute().Select(m => new ArrivalMinute(m.Key, m.Value))],
            [.. current.CallList.Values.OrderBy(p => p.Name, StringComparer.Ordinal)],
            [.. current.LateAfterClose.Values.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    public Task<DashboardCatchUp> GetSince(string epoch, long sequence)
    {
        var missed = recent.Where(d => d.Sequence > sequence).ToList();
        var complete = epoch == this.epoch && sequence <= this.sequence && (missed.Count == this.sequence - sequence);
        return Task.FromResult(new DashboardCatchUp(complete ? missed : null));
    }

    public Task<string> Subscribe(IDashboardObserver observer)
    {
        observers.Subscribe(observer, observer);

        // Observers renew every 30 seconds: while anyone watches, the feed (and its sequence) stays in memory.
        DelayDeactivation(TimeSpan.FromMinutes(2));
        return Task.FromResult(epoch);
    }

    public Task Unsubscribe(IDashboardObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    private Task Flush()
    {
        flushArmed = false;
        CompareWithUsualOnceClosed();
        if (view is null || pending.IsEmpty)
        {
            return Task.CompletedTask;
        }

        var arrivals = view.ArrivalsPerMinute();
        var delta = new DashboardDelta(
            SchoolId, epoch, ++sequence, view.Totals(),
            [.. pending.Classes.Order(StringComparer.Ordinal).Select(id => view.Classes[id])],
            [.. pending.Minutes.Order().Select(m => new ArrivalMinute(m, arrivals.GetValueOrDefault(m)))],
            [.. pending.CallList.Added.Values], [.. pending.CallList.Removed],
            [.. pending.LateAfterClose.Added.Values], [.. pending.LateAfterClose.Removed]);
        pending.Clear();
        lastPush = Stopwatch.GetTimestamp();
        recent.Enqueue(delta);
        while (recent.Count > options.DeltasKept)
        {
            recent.Dequeue();
        }

        observers.Notify(o => o.OnDelta(delta));
        metrics.DeltaPushed();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Once every register of today's session has closed, asks the school to compare it with its usual (once per
    /// activation; the alert's id makes a repeat after a reactivation harmless). Checked with each push and each
    /// reconciliation, and by a timer armed for the last close, so it comes at the close however quiet the school is.
    /// </summary>
    private void CompareWithUsualOnceClosed()
    {
        if (view is not { SessionIsToday: true } || comparedWithUsual == view.Session || settings is not { } read)
        {
            return;
        }

        var local = read.Settings.LocalTime(clock.GetUtcNow());
        var lastClose = view.Session.Date.ToDateTime(read.Settings.LastClose(view.Session.Part));
        if (local < lastClose)
        {
            // A moment after the close (the school's clock may run a little behind the timer's), checked again then.
            atClose ??= this.RegisterGrainTimer(CheckAtClose, new GrainTimerCreationOptions(lastClose - local + TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan) { Interleave = false });
        }
        else if (DateOnly.FromDateTime(local) == view.Session.Date)
        {
            comparedWithUsual = view.Session;
            GrainFactory.GetGrain<ISchoolGrain>(SchoolId).CheckAgainstUsual(view.Session).Ignore();
        }
    }

    private Task CheckAtClose()
    {
        atClose?.Dispose();
        atClose = null;
        CompareWithUsualOnceClosed();
        return Task.CompletedTask;
    }

    /// <summary>The view of the latest session, rebuilt from the classes when there is none yet or a new session has begun.</summary>
    private async Task<FeedView?> CurrentView()
    {
        var school = GrainFactory.GetGrain<ISchoolGrain>(SchoolId);
        if (await Settings(school) is not { } read)
        {
            return null;
        }

        var (settings, target) = read;
        var local = settings.LocalTime(clock.GetUtcNow());
        if (SessionRules.LatestSession(settings.Calendar, settings.SessionTimes, local) is not { } session)
        {
            return null;
        }

        if (view?.Session == session)
        {
            return view;
        }

        view = await Build(school, settings.Name, target, session, session.Date == DateOnly.FromDateTime(local));
        pending.Clear();
        return view;
    }

    private async Task<FeedView> Build(ISchoolGrain school, string schoolName, decimal target, Session session, bool isToday)
    {
        var classes = await school.GetClasses();
        var registers = await Task.WhenAll(classes.Select(c => GrainFactory.GetClass(SchoolId, c.Id).GetRegister(session)));
        return FeedView.From(schoolName, target, session, isToday, registers.OfType<ClassRegister>());
    }

    /// <summary>Rebuilds the view from the classes if any class's counts differ from what the feed was told.</summary>
    private async Task Reconcile()
    {
        CompareWithUsualOnceClosed();
        if (view is not { } current)
        {
            return;
        }

        var fresh = await Build(GrainFactory.GetGrain<ISchoolGrain>(SchoolId), current.SchoolName, current.TargetPercent, current.Session, current.SessionIsToday);
        if (fresh.Classes.Count == current.Classes.Count
            && fresh.Classes.All(c => current.Classes.TryGetValue(c.Key, out var known) && known.Counts == c.Value.Counts))
        {
            return;
        }

        logger.LogWarning("The live view of school {SchoolId} differed from its classes (a change lost with a silo?): rebuilt under a new epoch", SchoolId);
        view = fresh;
        epoch = NewEpoch();
        recent.Clear();
        pending.Clear();
        pending.Classes.UnionWith(fresh.Classes.Keys); // this delta carries the new epoch: dashboards take a fresh snapshot
        await Flush();
    }

    private static string NewEpoch() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// The school's settings and target, read again at most once a minute: every change asks which session is
    /// current, and a calendar or target edit reaching the dashboard a minute later is fine.
    /// </summary>
    private async Task<(SchoolSettings Settings, decimal TargetPercent)?> Settings(ISchoolGrain school)
    {
        var now = clock.GetUtcNow();
        if (settings is not { } cached || now - cached.ReadAt >= TimeSpan.FromMinutes(1))
        {
            var current = await school.GetSettings();
            var policy = current is null ? null : await school.GetPolicy();
            settings = current is null ? null : (current, policy!.Policy.TargetPercent, now);
        }

        return settings is { } read ? (read.Settings, read.TargetPercent) : null;
    }
}
