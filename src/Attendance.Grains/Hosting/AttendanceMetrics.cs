using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Attendance.Domain;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Grains.Schools;

namespace Attendance.Grains.Hosting;

/// <summary>
/// The service's own meter ("Attendance"), beside Orleans', ASP.NET Core's and Npgsql's: what a trust's IT team
/// watches on a morning. Exported with the others (see the server's telemetry set-up).
/// </summary>
public sealed class AttendanceMetrics
{
    public const string MeterName = "Attendance";

    // One meter for the process, never disposed, with one of each instrument. A meter per host (IMeterFactory) is
    // disposed with its host, and OpenTelemetry then stops every meter of the same name (opentelemetry-dotnet#6412):
    // the tests run and dispose several servers in one process, and a counter touched rarely (dashboards connected)
    // went missing from the others' scrapes. Observed gauges could not be one per host either: two observable
    // instruments of one name in one meter would hide each other's values.
    private static readonly Meter Shared = new(MeterName);

    /// <summary>
    /// Buckets for durations in seconds, as ASP.NET Core's own request duration has (the SDK's default buckets, 0 to
    /// 10,000, suit milliseconds and would put every mark in the first).
    /// </summary>
    private static readonly InstrumentAdvice<double> Seconds = new() { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] };

    private static readonly Counter<long> RecordedMarks = Shared.CreateCounter<long>("attendance.marks.recorded", "{entry}", "Marks and amendments made durable in pupils' registers, by source.");
    private static readonly Counter<long> PushedDeltas = Shared.CreateCounter<long>("attendance.dashboard.deltas", "{delta}", "Deltas pushed by schools' live feeds.");
    private static readonly UpDownCounter<long> Dashboards = Shared.CreateUpDownCounter<long>("attendance.dashboard.connections", "{connection}", "Dashboards (hub connections) connected to this silo.");
    private static readonly Histogram<double> AckDuration = Shared.CreateHistogram<double>("attendance.marks.ack.duration", "s", "From a marking request's arrival to its answer, by endpoint and status.", advice: Seconds);
    private static readonly Histogram<long> BatchSize = Shared.CreateHistogram<long>("attendance.journal.batch.size", "{append}", "Pupils' appends committed together by the silo's journal writer.");
    private static readonly Histogram<double> CommitDuration = Shared.CreateHistogram<double>("attendance.journal.commit.duration", "s", "How long one group commit of the journal took.", advice: Seconds);
    private static readonly Counter<long> RefusedAppends = Shared.CreateCounter<long>("attendance.journal.refused", "{append}", "Appends refused because the journal writer's queue was full (answered 503).");
    private static readonly Counter<long> ShedRequests = Shared.CreateCounter<long>("attendance.marks.shed", "{request}", "Marking requests shed under load (answered 503 without doing anything), by endpoint.");

    // Per school (or provision), reported by its inbox and follow-up grains while they are active on this silo.
    private static readonly ConcurrentDictionary<string, int> OpenAlertsBySchool = new();
    private static readonly ConcurrentDictionary<string, (DateTimeOffset[] Dues, TimeProvider Clock)> OpenTaskDues = new();
    private static readonly ConcurrentDictionary<string, int> NotSubmittedBySchool = new();
    private readonly TimeProvider clock;

    static AttendanceMetrics()
    {
        Shared.CreateObservableGauge("attendance.alerts.open", () => OpenAlertsBySchool.Select(p => Per("school", p.Key, p.Value)), "{alert}",
            "Alerts raised and not yet closed, per school whose inbox is active on this silo.");
        Shared.CreateObservableGauge("attendance.tasks.overdue", OverdueTasks, "{task}",
            "Follow-up tasks still open after their due time, per school or provision whose list is active on this silo.");
        Shared.CreateObservableGauge("attendance.registers.not_submitted", () => NotSubmittedBySchool.Select(p => Per("school", p.Key, p.Value)), "{register}",
            "Today's class registers past their late time and not submitted, per school (checked every minute by its follow-up).");
    }

    public AttendanceMetrics([FromKeyedServices(SchoolClock.Key)] TimeProvider clock) => this.clock = clock;

    public void Recorded(MarkSource source) => RecordedMarks.Add(1, new KeyValuePair<string, object?>("source", source.ToString()));

    public void JournalCommitted(int appends, TimeSpan took)
    {
        BatchSize.Record(appends);
        CommitDuration.Record(took.TotalSeconds);
    }

    public void JournalRefused() => RefusedAppends.Add(1);

    public void Shed(string endpoint) => ShedRequests.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    /// <summary>A school's open alerts now; null when its inbox deactivates (another silo may report it next).</summary>
    public void OpenAlerts(string schoolId, int? count) => Report(OpenAlertsBySchool, schoolId, count);

    /// <summary>When each open task of a school or provision is due (overdue is counted when scraped); null on deactivation.</summary>
    public void OpenTasks(string ownerId, DateTimeOffset[]? dues)
    {
        if (dues is not null)
        {
            OpenTaskDues[ownerId] = (dues, clock);
        }
        else
        {
            OpenTaskDues.TryRemove(ownerId, out _);
        }
    }

    /// <summary>A school's registers past the late time and not submitted; null when its follow-up deactivates.</summary>
    public void RegistersNotSubmitted(string schoolId, int? count) => Report(NotSubmittedBySchool, schoolId, count);

    public void DeltaPushed() => PushedDeltas.Add(1);

    /// <summary>
    /// A dashboard connected to (+1) or left (-1) this silo, counted by the silo: the meter is the process's, and a
    /// process that hosts several silos (the tests) must not count one silo's disconnections against another's.
    /// </summary>
    public void DashboardConnected(int change, string silo) => Dashboards.Add(change, new KeyValuePair<string, object?>("silo", silo));

    /// <summary>Counted when observed, against the school clock of the silo that reported them.</summary>
    private static IEnumerable<Measurement<int>> OverdueTasks() =>
        OpenTaskDues.Select(p => Per("owner", p.Key, p.Value.Dues.Count(due => due < p.Value.Clock.GetUtcNow())));

    private static void Report(ConcurrentDictionary<string, int> values, string schoolId, int? value)
    {
        if (value is { } now)
        {
            values[schoolId] = now;
        }
        else
        {
            values.TryRemove(schoolId, out _);
        }
    }

    private static Measurement<int> Per(string tag, string id, int value) => new(value, new KeyValuePair<string, object?>(tag, id));

    public void Acknowledged(TimeSpan elapsed, string endpoint, int status) => AckDuration.Record(
        elapsed.TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", status));
}
