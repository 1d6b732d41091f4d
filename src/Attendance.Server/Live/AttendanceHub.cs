using Attendance.Grains.Abstractions;
using Microsoft.AspNetCore.SignalR;

namespace Attendance.Server.Live;

/// <summary>
/// The dashboards' connection (<c>/hubs/attendance</c>). A client subscribes to a school, optionally one class: it
/// gets a snapshot, then "delta" messages in sequence. After a gap or a reconnect it calls
/// <see cref="Resume"/> with the last sequence it applied; a null answer means "take a fresh snapshot".
/// </summary>
public sealed class AttendanceHub(IGrainFactory grains, DashboardRelay relay) : Hub
{
    public const string Path = "/hubs/attendance";

    public async Task<DashboardSnapshot> Subscribe(string schoolId, string? classId = null)
    {
        await Join(schoolId, classId);
        var snapshot = await grains.GetGrain<ISchoolFeedGrain>(schoolId).GetSnapshot()
            ?? throw new HubException($"There is no school '{schoolId}', or it has no session yet.");
        return classId is null ? snapshot : DashboardFilter.ForClass(snapshot, classId);
    }

    public async Task<DashboardCatchUp> Resume(string schoolId, string epoch, long afterSequence, string? classId = null)
    {
        await Join(schoolId, classId);
        var catchUp = await grains.GetGrain<ISchoolFeedGrain>(schoolId).GetSince(epoch, afterSequence);
        return classId is null || catchUp.Deltas is null
            ? catchUp
            : new DashboardCatchUp([.. catchUp.Deltas.Select(d => DashboardFilter.ForClass(d, classId))]);
    }

    public Task Unsubscribe(string schoolId, string? classId = null) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, DashboardRelay.Group(schoolId, classId));

    private async Task Join(string schoolId, string? classId)
    {
        // Join the group before reading the feed: a delta sent in between arrives twice, never not at all.
        await relay.Watch(schoolId, classId);
        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardRelay.Group(schoolId, classId));
    }
}
