using Attendance.Domain;
using Npgsql;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// Issue 18, overload: the morning storm paced at N times what one PostgreSQL-backed silo sustains (measured first, in
/// the same run, closed loop), played with clients that send a refused request again after its <c>Retry-After</c>,
/// against this service with admission control (the default), the same service without it, and the plain design.
/// Afterwards each database is counted: every mark must be in the register exactly once.
/// </summary>
internal static class OverloadBenchmark
{
    private static readonly Dictionary<string, string> AdmissionOff = new() { ["Attendance__LoadShedding__Enabled"] = "false" };

    private static Dictionary<string, string> Admission(int inFlight) => new() { ["Attendance__LoadShedding__InFlight"] = inFlight.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static async Task<List<IResultRow>> RunAsync(Options options)
    {
        var results = new List<IResultRow>();
        void Report(IResultRow result)
        {
            results.Add(result);
            Console.WriteLine(result.Row());
        }

        var session = await StormBenchmark.TodaysSession();
        var sustained = await PlayAttendance(options, session, null, closedLoop: true, compress: 1);
        Report(sustained);

        // The pace that makes the storm's average rate N times the sustained rate (its peak is higher still).
        var window = SessionTimes.PrimaryDefault.For(session.Part);
        var compress = options.Overload * sustained.Storm.MarksPerSecond * (window.Closes - window.Opens).TotalSeconds / (options.Schools * options.Pupils);
        Console.WriteLine($"sustained {sustained.Storm.MarksPerSecond:F0} marks/s; the storm at x{options.Overload} plays its window at pace x{compress:F0}");
        foreach (var inFlight in options.InFlight)
        {
            Report(await PlayAttendance(options, session, inFlight, closedLoop: false, compress));
        }

        Report(await PlayAttendance(options, session, 0, closedLoop: false, compress));
        Report(await PlayPlain(options, session, compress));
        return results;
    }

    /// <param name="inFlight">Admission control's in-flight limit; null: the default; 0: admission control off.</param>
    private static async Task<OverloadResult> PlayAttendance(Options options, Session session, int? inFlight, bool closedLoop, double compress)
    {
        var database = await StormBenchmark.NewDatabase();
        var schoolIds = Enumerable.Range(0, options.Schools).Select(_ => $"storm-{Guid.NewGuid():N}"[..18]).ToList();
        var warmIds = StormBenchmark.WarmUpIds("warm");
        await using var server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true, more: inFlight switch { null => null, 0 => AdmissionOff, var n => Admission(n.Value) });
        await StormBenchmark.CreateSchools(server, warmIds, options.Pupils);
        await StormBenchmark.WarmUp(new AttendanceTarget(server, warmIds), warmIds, options.Pupils, session);
        var baseline = server.WorkingSetBytes;
        await StormBenchmark.CreateSchools(server, schoolIds, options.Pupils);
        var target = new AttendanceTarget(server, schoolIds);
        var clock = new DashboardClock(options.Schools);
        clock.Expect(options.Schools * options.Pupils);
        await using (await target.WatchAsync(clock))
        {
            var events = MorningStorm.Generate(options.Schools, options.Pupils, session, compress);
            var accepted = await server.Buckets(AckDuration, "status=\"200\"");
            var refused = await server.Buckets(AckDuration, "status=\"503\"");
            var storm = await StormRun.ExecuteAsync(target, "postgres", 1, 0, schoolIds, options.Pupils, session, events, closedLoop, compress, clock, baseline, database, retry: true);
            var result = await Counted(storm, inFlight switch { null => "default", 0 => "off", var n => $"{n} at once" }, database, schoolIds);
            return result with
            {
                ServerAccepted = Quantiles(accepted, await server.Buckets(AckDuration, "status=\"200\"")),
                ServerRefused = Quantiles(refused, await server.Buckets(AckDuration, "status=\"503\"")),
            };
        }
    }

    private static async Task<OverloadResult> PlayPlain(Options options, Session session, double compress)
    {
        var database = await StormBenchmark.NewDatabase();
        var plainIds = Enumerable.Range(0, options.Schools).Select(i => $"plain-{i}").ToList();
        await using var plain = await PlainTarget.StartAsync(database);
        await StormBenchmark.WarmUp(plain, StormBenchmark.WarmUpIds("plain-warm"), options.Pupils, session);
        var clock = new DashboardClock(options.Schools);
        clock.Expect(options.Schools * options.Pupils);
        var baseline = plain.WorkingSetBytes;
        await using (plain.Watch(plainIds, session, clock))
        {
            var events = MorningStorm.Generate(options.Schools, options.Pupils, session, compress);
            var storm = await StormRun.ExecuteAsync(plain, "postgres", 1, 0, plainIds, options.Pupils, session, events, closedLoop: false, compress, clock, baseline, database, retry: true);
            return await Counted(storm, "–", database, plainIds);
        }
    }

    private const string AckDuration = "attendance_marks_ack_duration_seconds";

    /// <summary>
    /// The server's own view of the run (<c>attendance.marks.ack.duration</c>, from the request's admission check to
    /// its answer): p50 and p99 as the upper bounds of the buckets they fall in, between two readings.
    /// </summary>
    private static string Quantiles(SortedDictionary<double, double> before, SortedDictionary<double, double> after)
    {
        var counts = after.ToDictionary(b => b.Key, b => b.Value - before.GetValueOrDefault(b.Key));
        var total = counts.GetValueOrDefault(double.PositiveInfinity);
        string At(double q) => counts.OrderBy(b => b.Key).First(b => b.Value >= q * total).Key is var bound && double.IsPositiveInfinity(bound) ? "> 10 s" : $"≤ {bound * 1000:F0}";
        return total == 0 ? "–" : $"{At(0.5)} / {At(0.99)}";
    }

    /// <summary>The register's lines for the storm's schools, and how many distinct pupil-sessions they cover.</summary>
    private static async Task<OverloadResult> Counted(StormResult storm, string admission, string database, IReadOnlyList<string> schoolIds)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*), count(DISTINCT (school_id, upn, session_date, session_part)) FROM attendance_register WHERE school_id = ANY($1)", connection);
        command.Parameters.Add(new() { Value = schoolIds.ToArray() });
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new OverloadResult(storm, admission, reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <param name="Lines">Lines in the register for the storm's schools afterwards; <paramref name="Distinct"/>: pupil-sessions they cover.</param>
/// <param name="ServerAccepted">The server's own p50 / p99 (bucket bounds, ms) for requests it accepted; <paramref name="ServerRefused"/> for those it refused.</param>
internal sealed record OverloadResult(StormResult Storm, string Admission, long Lines, long Distinct, string ServerAccepted = "–", string ServerRefused = "–") : IResultRow
{
    public const string Header =
        "system            | admission   | pace   | marks  | lines  | doubled | errors | refused | marks/s | ack p50 / p95 / p99 ms  | refusal p99 ms | in p50 / p99 ms   | dashboard p50 / p99 ms | CPU ms per 1,000 marks | server: accepted p50 / p99 ms | refused p50 / p99 ms";

    public string Row() =>
        $"{Storm.System,-17} | {Admission,-11} | {Storm.Pace,-6} | {Storm.Marks,6} | {Lines,6} | {Lines - Distinct,7} | {Storm.Errors,6} | {Storm.Refused,7} | {Storm.MarksPerSecond,7:F0} | {Storm.AckP50Ms,6:F1} / {Storm.AckP95Ms,6:F1} / {Storm.AckP99Ms,6:F1} | {Storm.RefusalP99Ms,14:F1} | {Storm.InP50Ms,7:F0} / {Storm.InP99Ms,7:F0} | {Storm.DashboardP50Ms,9:F0} / {Storm.DashboardP99Ms,6:F0} | {Storm.CpuMsPer1000Marks,8:F0} | {ServerAccepted,-17} | {ServerRefused}";
}
