using System.Collections.Concurrent;
using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR;

namespace Attendance.Server.Live;

/// <summary>
/// This silo's end of the push path: one grain observer subscribed to the feed of each school that a client on
/// this silo watches, forwarding every delta to the SignalR group of that school (and filtered, to its class
/// groups). A mark made on any silo reaches the feed grain wherever it lives, and the feed pushes to every silo's
/// relay. Observer subscriptions expire, so they are renewed every 30 seconds, which also re-attaches to a feed
/// that was reactivated elsewhere after a silo failure. Alerts travel the same way, to the school's alerts group
/// (its attendance leads) and, where the policy says, to trust leaders.
/// </summary>
public sealed class DashboardRelay(IGrainFactory grains, IHubContext<AttendanceHub> hub, ILogger<DashboardRelay> logger)
    : BackgroundService, IDashboardObserver
{
    private static readonly TimeSpan Renewal = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> watched = new();
    private IDashboardObserver? self;

    /// <summary>Trust leaders: alerts the policy sends to the trust, from every school.</summary>
    public const string TrustAlertsGroup = "trust/alerts";

    public static string Group(string schoolId, string? classId = null) =>
        classId is null ? $"school:{schoolId}" : $"school:{schoolId}/class:{classId}";

    /// <summary>A school's attendance leads.</summary>
    public static string AlertsGroup(string schoolId) => $"school:{schoolId}/alerts";

    /// <summary>The staff who do a school's or a provision's follow-up tasks.</summary>
    public static string TasksGroup(string ownerId) => $"school:{ownerId}/tasks";

    public async Task Watch(string schoolId, string? classId)
    {
        var classes = watched.GetOrAdd(schoolId, _ => new ConcurrentDictionary<string, byte>());
        if (classId is not null)
        {
            classes.TryAdd(classId, 0);
        }

        await grains.GetGrain<ISchoolFeedGrain>(schoolId).Subscribe(Self());
    }

    public async Task OnDelta(DashboardDelta delta)
    {
        await hub.Clients.Group(Group(delta.SchoolId)).SendAsync("delta", delta);
        foreach (var classId in watched.GetValueOrDefault(delta.SchoolId)?.Keys ?? Enumerable.Empty<string>())
        {
            await hub.Clients.Group(Group(delta.SchoolId, classId)).SendAsync("delta", DashboardFilter.ForClass(delta, classId));
        }
    }

    public async Task OnAlert(AttendanceAlert alert)
    {
        await hub.Clients.Group(AlertsGroup(alert.SchoolId)).SendAsync("alert", alert);
        if (alert.ForTrust)
        {
            await hub.Clients.Group(TrustAlertsGroup).SendAsync("alert", alert);
        }
    }

    public Task OnTask(FollowUpTask task) => hub.Clients.Group(TasksGroup(task.OwnerId)).SendAsync("task", task);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Renewal);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var schoolId in watched.Keys)
            {
                try
                {
                    await grains.GetGrain<ISchoolFeedGrain>(schoolId).Subscribe(Self());
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Could not renew the dashboard subscription for school {SchoolId}", schoolId);
                }
            }
        }
    }

    private IDashboardObserver Self() => self ??= grains.CreateObjectReference<IDashboardObserver>(this);
}
