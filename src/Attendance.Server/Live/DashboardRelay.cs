using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Server.Access;
using Microsoft.AspNetCore.SignalR;
using Orleans.Runtime;
using Attendance.Grains.Hosting;

namespace Attendance.Server.Live;

/// <summary>
/// This silo's end of the push path: one grain observer subscribed to the feed of each school that a client on
/// this silo watches, forwarding every delta to the SignalR group of that school (and filtered, to its class
/// groups). A mark made on any silo reaches the feed grain wherever it lives, and the feed pushes to every silo's
/// relay. Alerts travel the same way, to the school's alerts group (its attendance leads) and, where the policy
/// says, to trust leaders.
/// </summary>
/// <remarks>
/// Observer subscriptions expire, so they are renewed every 30 seconds; they are also renewed as soon as the
/// cluster's membership changes, because a feed whose silo died lives again elsewhere only once someone calls it.
/// A renewal that finds a new epoch (the feed restarted and rebuilt its view) sends the school's clients "resync":
/// they take a fresh snapshot instead of waiting for the next delta.
/// </remarks>
public sealed class DashboardRelay : BackgroundService, IDashboardObserver
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> watched = new();
    private readonly ConcurrentDictionary<string, string> epochs = new();
    private readonly IGrainFactory grains;
    private readonly IHubContext<AttendanceHub> hub;
    private readonly IClusterMembershipService membership;
    private readonly ILogger<DashboardRelay> logger;

    // Which schools each hub connection watches: a school's feed is left once its last connection on this silo has
    // gone, so a long morning of dashboards coming and going does not pile up subscriptions.
    private readonly Dictionary<string, HashSet<string>> schoolsOf = [];
    private readonly Lock gate = new();
    private IDashboardObserver? self;

    public DashboardRelay(
        IGrainFactory grains, IHubContext<AttendanceHub> hub, IClusterMembershipService membership, IMeterFactory meters, ILogger<DashboardRelay> logger)
    {
        this.grains = grains;
        this.hub = hub;
        this.membership = membership;
        this.logger = logger;

        // Feeds stay subscribed only while someone on this silo watches the school: flat over a long morning.
        meters.Create(AttendanceMetrics.MeterName).CreateObservableGauge(
            "attendance.dashboard.feeds", () => watched.Count, "{feed}", "Schools' live feeds this silo's relay is subscribed to (someone on it watches the school).");
    }

    /// <summary>Trust leaders: alerts the policy sends to the trust, from every school.</summary>
    public const string TrustAlertsGroup = "trust/alerts";

    public static string Group(string schoolId, string? classId = null) =>
        classId is null ? $"school:{schoolId}" : $"school:{schoolId}/class:{classId}";

    /// <summary>A school's attendance leads.</summary>
    public static string AlertsGroup(string schoolId) => $"school:{schoolId}/alerts";

    /// <summary>The alerts of one class's pupils: its head of year.</summary>
    public static string AlertsGroup(string schoolId, string classId) => $"school:{schoolId}/alerts/class:{classId}";

    /// <summary>The staff who do a school's or a provision's follow-up tasks.</summary>
    public static string TasksGroup(string ownerId) => $"school:{ownerId}/tasks";

    /// <summary>The staff who see a school's absence reports and leave requests.</summary>
    public static string FamilyGroup(string schoolId) => $"school:{schoolId}/family";

    /// <summary>Whether this silo is subscribed to the school's feed (someone on it watches the school).</summary>
    public bool IsWatching(string schoolId) => watched.ContainsKey(schoolId);

    public async Task Watch(string schoolId, string? classId, string connectionId)
    {
        lock (gate)
        {
            (schoolsOf.TryGetValue(connectionId, out var schools) ? schools : schoolsOf[connectionId] = []).Add(schoolId);
            var classes = watched.GetOrAdd(schoolId, _ => new ConcurrentDictionary<string, byte>());
            if (classId is not null)
            {
                classes.TryAdd(classId, 0);
            }
        }

        await Attach(schoolId);
    }

    /// <summary>A hub connection has gone: the feeds no other connection on this silo watches are left.</summary>
    public async Task Forget(string connectionId)
    {
        List<string> left;
        lock (gate)
        {
            if (!schoolsOf.Remove(connectionId, out var schools))
            {
                return;
            }

            left = [.. schools.Where(school => !schoolsOf.Values.Any(others => others.Contains(school)))];
            foreach (var school in left)
            {
                watched.TryRemove(school, out _);
                epochs.TryRemove(school, out _);
            }
        }

        foreach (var school in left)
        {
            try
            {
                await grains.GetGrain<ISchoolFeedGrain>(school).Unsubscribe(Self());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The subscription then simply expires (observer subscriptions time out after two minutes).
                logger.LogInformation(ex, "Could not leave the feed of school {SchoolId}; the subscription will expire", school);
            }
        }
    }

    public async Task OnDelta(DashboardDelta delta)
    {
        using var span = AttendanceTracing.Source.StartActivity("dashboard push");
        span?.SetTag("attendance.school", delta.SchoolId);
        span?.SetTag("attendance.sequence", delta.Sequence);
        await hub.Clients.Group(Group(delta.SchoolId)).SendAsync("delta", delta);
        foreach (var classId in ClassesOf(delta.SchoolId))
        {
            await hub.Clients.Group(Group(delta.SchoolId, classId)).SendAsync("delta", DashboardFilter.ForClass(delta, classId));
        }
    }

    public async Task OnAlert(AttendanceAlert alert)
    {
        await hub.Clients.Group(AlertsGroup(alert.SchoolId)).SendAsync("alert", alert);
        if (alert.ClassId is { } classId)
        {
            await hub.Clients.Group(AlertsGroup(alert.SchoolId, classId)).SendAsync("alert", alert);
        }

        if (alert.ForTrust)
        {
            await hub.Clients.Group(TrustAlertsGroup).SendAsync("alert", alert);
        }
    }

    /// <summary>A task goes to the school's follow-up staff or the provision's staff: what all of them may see of the pupil.</summary>
    public Task OnTask(FollowUpTask task) => hub.Clients.Group(TasksGroup(task.OwnerId)).SendAsync("task", TaskAudience.Apply(task));

    private static readonly PupilProjection TaskAudience = PupilProjection.ForEveryoneWith(Capability.FollowUp, Capability.Provision);

    /// <summary>
    /// A report or request changed: the school's office gets it whole; the pupil's parents with their page open only
    /// that something of the pupil's changed (the request may be the other parent's, which this one may not see), and
    /// read their own again.
    /// </summary>
    public async Task OnFamilyRequest(FamilyRequestChange change)
    {
        await hub.Clients.Group(FamilyGroup(change.SchoolId)).SendAsync("family", change);
        if ((change.Report?.Upn ?? change.Leave?.Upn ?? change.Contact?.Upn) is { } upn)
        {
            await hub.Clients.Group(ChildGroup(change.SchoolId, upn)).SendAsync("requestChanged", new { schoolId = change.SchoolId, upn });
        }
    }

    /// <summary>The parents of one pupil with their page open.</summary>
    public static string ChildGroup(string schoolId, string upn) => $"school:{schoolId}/pupil:{upn}";

    /// <summary>Everyone with a school's roll call screen open: told when one begins or ends (no pupil data).</summary>
    public static string RollCallGroup(string schoolId) => $"school:{schoolId}/roll-call";

    /// <summary>Who is told each pupil accounted for: the school-wide roles (no class), or the staff of one class.</summary>
    public static string RollCallPupilsGroup(string schoolId, string? classId = null) =>
        classId is null ? $"school:{schoolId}/roll-call/pupils" : $"school:{schoolId}/roll-call/class:{classId}";

    /// <summary>
    /// A roll call began or ended: every staff screen of the school with a live feed shows it (the dashboards, the
    /// registers, the roll call screen). A pupil accounted for goes to those who see that pupil on the roll call; the
    /// line carries their name and class, which every role with the roll call sees.
    /// </summary>
    public async Task OnRollCall(RollCallChange change)
    {
        if (change.Line is not { } line)
        {
            var news = new { schoolId = change.SchoolId, rollCallId = change.RollCallId, ended = change.Ended };
            await hub.Clients.Groups([RollCallGroup(change.SchoolId), Group(change.SchoolId), .. ClassesOf(change.SchoolId).Select(c => Group(change.SchoolId, c))])
                .SendAsync("rollCall", news);
            return;
        }

        await hub.Clients.Groups([RollCallPupilsGroup(change.SchoolId), RollCallPupilsGroup(change.SchoolId, line.ClassId)])
            .SendAsync("rollCallLine", new { schoolId = change.SchoolId, rollCallId = change.RollCallId, line = RollCallAudience.Apply(line) });
    }

    private static readonly PupilProjection RollCallAudience = PupilProjection.ForEveryoneWith(Capability.RollCall);

    public Task OnPupilMark(string schoolId, string upn, RegisterEntry mark) =>
        hub.Clients.Group(ChildGroup(schoolId, upn)).SendAsync("mark", new { schoolId, upn, session = mark.Session, code = mark.Code });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(RenewPeriodically(stoppingToken), RenewOnMembershipChange(stoppingToken));

    private async Task RenewPeriodically(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renewal);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RenewAll(attempts: 1, stoppingToken);
        }
    }

    private async Task RenewOnMembershipChange(CancellationToken stoppingToken)
    {
        try
        {
            var version = membership.CurrentSnapshot.Version;
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                if (snapshot.Version > version)
                {
                    version = snapshot.Version;
                    logger.LogInformation("Cluster membership changed (version {Version}): renewing {Count} dashboard subscription(s)", version.Value, watched.Count);
                    await RenewAll(attempts: 5, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // the silo is stopping
        }
    }

    private async Task RenewAll(int attempts, CancellationToken stoppingToken)
    {
        foreach (var schoolId in watched.Keys)
        {
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                try
                {
                    await Attach(schoolId);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew the dashboard subscription for school {SchoolId} (attempt {Attempt} of {Attempts})", schoolId, attempt, attempts);
                    if (attempt < attempts)
                    {
                        await Task.Delay(RetryAfterFailure, stoppingToken);
                    }
                }
            }
        }
    }

    private async Task Attach(string schoolId)
    {
        var epoch = await grains.GetGrain<ISchoolFeedGrain>(schoolId).Subscribe(Self());
        var previous = epochs.GetValueOrDefault(schoolId);
        epochs[schoolId] = epoch;
        if (previous is not null && previous != epoch)
        {
            logger.LogInformation("The feed of school {SchoolId} restarted: its dashboards take a fresh snapshot", schoolId);
            await hub.Clients.Groups([Group(schoolId), .. ClassesOf(schoolId).Select(c => Group(schoolId, c))]).SendAsync("resync", schoolId);
        }
    }

    private IEnumerable<string> ClassesOf(string schoolId) => watched.GetValueOrDefault(schoolId)?.Keys ?? Enumerable.Empty<string>();

    private IDashboardObserver Self() => self ??= grains.CreateObjectReference<IDashboardObserver>(this);
}
