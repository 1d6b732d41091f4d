namespace Attendance.Grains.Live;

/// <summary>Live dashboard settings (section "Dashboard").</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// The coalescing window: the first change after this long without a push is sent at once; changes that follow
    /// within it are coalesced into one delta per interval, so a 1,000-pupil morning rush reaches each dashboard as at
    /// most 20 updates a second, each within about 50 ms of its mark (docs/BENCHMARKS.md: 250 ms kept p99 near 300 ms).
    /// </summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Deltas kept for clients that reconnect; one further behind takes a fresh snapshot.</summary>
    public int DeltasKept { get; set; } = 512;

    /// <summary>
    /// How often a feed checks its view against the classes. Classes tell the feed of each change one-way, and a
    /// one-way message to a silo that has just died is lost; the check repairs the view (under a new epoch, so
    /// dashboards take a fresh snapshot) instead of leaving it short until the next session.
    /// </summary>
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(1);
}
