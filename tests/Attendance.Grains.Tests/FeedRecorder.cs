using System.Threading.Channels;
using Attendance.Grains.Abstractions;

namespace Attendance.Grains.Tests;

/// <summary>Receives what a school's feed pushes, as a silo's relay does: deltas, alerts and follow-up tasks.</summary>
public sealed class FeedRecorder : IDashboardObserver
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Channel<DashboardDelta> deltas = Channel.CreateUnbounded<DashboardDelta>();
    private readonly Channel<AttendanceAlert> alerts = Channel.CreateUnbounded<AttendanceAlert>();
    private readonly Channel<FollowUpTask> tasks = Channel.CreateUnbounded<FollowUpTask>();
    private readonly Channel<RollCallChange> rollCalls = Channel.CreateUnbounded<RollCallChange>();

    public Task OnDelta(DashboardDelta delta) => deltas.Writer.WriteAsync(delta).AsTask();

    public Task OnAlert(AttendanceAlert alert) => alerts.Writer.WriteAsync(alert).AsTask();

    public Task OnTask(FollowUpTask task) => tasks.Writer.WriteAsync(task).AsTask();

    public Task OnFamilyRequest(FamilyRequestChange change) => Task.CompletedTask;

    public Task OnPupilMark(string schoolId, string upn, Attendance.Domain.RegisterEntry mark) => Task.CompletedTask;

    public Task OnRollCall(RollCallChange change) => rollCalls.Writer.WriteAsync(change).AsTask();

    public async Task<RollCallChange> NextRollCall() => await rollCalls.Reader.ReadAsync().AsTask().WaitAsync(Wait);

    public async Task<DashboardDelta> NextDelta() => await NextDelta(Wait);

    public async Task<DashboardDelta> NextDelta(TimeSpan wait) => await deltas.Reader.ReadAsync().AsTask().WaitAsync(wait);

    public async Task<AttendanceAlert> NextAlert() => await alerts.Reader.ReadAsync().AsTask().WaitAsync(Wait);

    public async Task<FollowUpTask> NextTask() => await tasks.Reader.ReadAsync().AsTask().WaitAsync(Wait);

    public List<DashboardDelta> DrainDeltas()
    {
        var all = new List<DashboardDelta>();
        while (deltas.Reader.TryRead(out var delta))
        {
            all.Add(delta);
        }

        return all;
    }
}
