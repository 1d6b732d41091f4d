using System.Diagnostics.Metrics;
using Attendance.Domain;

namespace Attendance.Grains;

/// <summary>
/// The service's own meter ("Attendance"), beside Orleans', ASP.NET Core's and Npgsql's: what a trust's IT team
/// watches on a morning. Exported with the others (see the server's telemetry set-up).
/// </summary>
public sealed class AttendanceMetrics
{
    public const string MeterName = "Attendance";

    private readonly Counter<long> recorded;
    private readonly Counter<long> deltas;
    private readonly UpDownCounter<long> dashboards;
    private readonly Histogram<double> acknowledged;
    private readonly Histogram<long> batchSize;
    private readonly Histogram<double> commitDuration;
    private readonly Counter<long> refused;

    public AttendanceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        recorded = meter.CreateCounter<long>("attendance.marks.recorded", "{entry}", "Marks and amendments made durable in pupils' registers, by source.");
        deltas = meter.CreateCounter<long>("attendance.dashboard.deltas", "{delta}", "Deltas pushed by schools' live feeds.");
        dashboards = meter.CreateUpDownCounter<long>("attendance.dashboard.connections", "{connection}", "Dashboards (hub connections) connected to this silo.");
        acknowledged = meter.CreateHistogram<double>("attendance.marks.ack.duration", "s", "From a marking request's arrival to its answer, by endpoint and status.");
        batchSize = meter.CreateHistogram<long>("attendance.journal.batch.size", "{append}", "Pupils' appends committed together by the silo's journal writer.");
        commitDuration = meter.CreateHistogram<double>("attendance.journal.commit.duration", "s", "How long one group commit of the journal took.");
        refused = meter.CreateCounter<long>("attendance.journal.refused", "{append}", "Appends refused because the journal writer's queue was full (answered 503).");
    }

    public void Recorded(MarkSource source) => recorded.Add(1, new KeyValuePair<string, object?>("source", source.ToString()));

    public void JournalCommitted(int appends, TimeSpan took)
    {
        batchSize.Record(appends);
        commitDuration.Record(took.TotalSeconds);
    }

    public void JournalRefused() => refused.Add(1);

    public void DeltaPushed() => deltas.Add(1);

    public void DashboardConnected(int change) => dashboards.Add(change);

    public void Acknowledged(TimeSpan elapsed, string endpoint, int status) => acknowledged.Record(
        elapsed.TotalSeconds, new KeyValuePair<string, object?>("endpoint", endpoint), new KeyValuePair<string, object?>("status", status));
}
