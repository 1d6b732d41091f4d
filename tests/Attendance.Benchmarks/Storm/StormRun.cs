using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Attendance.Domain;

namespace Attendance.Benchmarks.Storm;

/// <summary>Where the storm's requests go: this service, or the plain reference design.</summary>
internal interface IStormTarget
{
    string Name { get; }

    IReadOnlyList<HttpClient> Clients { get; }

    Task<HttpResponseMessage> Send(HttpClient http, string schoolId, Session session, StormEvent e);

    /// <summary>Messages sent between silos so far (0 for a single process).</summary>
    Task<long> SiloToSiloMessages();

    /// <summary>Server processes' CPU time and working set, summed.</summary>
    TimeSpan CpuTime { get; }

    long WorkingSetBytes { get; }

    /// <summary>The server processes, for the heap after a full collection.</summary>
    IReadOnlyList<int> ProcessIds { get; }

    /// <summary>The service's own counts so far: Orleans' request/response grain calls and one-way messages, the journal's commits and lines (0 for the references).</summary>
    Task<ServiceCounts> ServiceCounts();
}

/// <param name="JournalCommits">The journal writers' group commits (<c>attendance.journal.batch.size</c>'s count).</param>
/// <param name="JournalLines">The pupils' appends (a line each) those commits held (its sum).</param>
public readonly record struct ServiceCounts(double Calls, double OneWay, double JournalCommits, double JournalLines)
{
    public static ServiceCounts operator -(ServiceCounts a, ServiceCounts b) =>
        new(a.Calls - b.Calls, a.OneWay - b.OneWay, a.JournalCommits - b.JournalCommits, a.JournalLines - b.JournalLines);
}

/// <param name="History">Sessions each pupil already had before the storm (0: September; about 370: July).</param>
/// <param name="CrossSiloPerMark">Messages between silos during the run, per mark acknowledged.</param>
/// <param name="CommitsPer1000Marks">Transactions the database committed during the run (pg_stat_database.xact_commit), per 1,000 marks.</param>
internal sealed record StormResult(
    string System, string Storage, int Silos, string Pace, int History, int Schools, int Pupils, int Marks, int Errors, double Seconds, double MarksPerSecond,
    double AckP50Ms, double AckP95Ms, double AckP99Ms, double DashboardP50Ms, double DashboardP99Ms, double MbPer1000Pupils, double CpuMsPer1000Marks,
    double CommitsPer1000Marks, double CrossSiloPerMark = double.NaN) : IResultRow
{
    /// <summary>With retries (the overload run): requests answered 503 or 429 and sent again.</summary>
    public int Refused { get; init; }

    /// <summary>With retries: how long a refusal took to arrive, p99.</summary>
    public double RefusalP99Ms { get; init; } = double.NaN;

    /// <summary>With retries: from a request's first sending to its acknowledgement, waits and retries included.</summary>
    public double InP50Ms { get; init; } = double.NaN;

    public double InP99Ms { get; init; } = double.NaN;

    /// <summary>PostgreSQL's CPU during the run (every process of the server, whichever database), per 1,000 marks.</summary>
    public double PostgresCpuMsPer1000Marks { get; init; } = double.NaN;

    /// <summary>Growth of the live managed heap (after a full collection) from before the measured schools were active to the end, per 1,000 pupils.</summary>
    public double HeapMbPer1000Pupils { get; init; } = double.NaN;

    public double GrainCallsPerMark { get; init; } = double.NaN;

    public double OneWayPerMark { get; init; } = double.NaN;

    /// <summary>Register lines per group commit of the journal (the service on PostgreSQL; NaN otherwise).</summary>
    public double LinesPerJournalCommit { get; init; } = double.NaN;

    public const string Header =
        "system                         | storage  | silos | pace    | history | marks  | errors | marks/s | ack p50 / p95 / p99 ms  | dashboard p50 / p99 ms | MB per 1,000 pupils | heap MB per 1,000 pupils | CPU ms per 1,000 marks | PostgreSQL CPU ms per 1,000 marks | commits per 1,000 marks | grain calls / one-way per mark | cross-silo per mark | lines per journal commit";

    public string Row() =>
        $"{System,-30} | {Storage,-8} | {Silos,5} | {Pace,-7} | {History,7} | {Marks,6} | {Errors,6} | {MarksPerSecond,7:F0} | {AckP50Ms,6:F1} / {AckP95Ms,6:F1} / {AckP99Ms,6:F1} | {DashboardP50Ms,9:F0} / {DashboardP99Ms,6:F0} | {MbPer1000Pupils,19:F1} | {HeapMbPer1000Pupils,24:F1} | {CpuMsPer1000Marks,22:F0} | {PostgresCpuMsPer1000Marks,33:F0} | {CommitsPer1000Marks,23:F0} | {GrainCallsPerMark,13:F2} / {OneWayPerMark,14:F2} | {CrossSiloPerMark,19:F2} | {LinesPerJournalCommit,24:F1}";
}

/// <summary>
/// Plays a storm against a target: paced (each request at its moment of the compressed morning) or closed-loop
/// ("max": a fixed number of clients each sending the next request as soon as the last is answered). A class's
/// register waits for the answers to its pupils' earlier arrivals, as a teacher's screen would show them. Every
/// acknowledged mark is then timed until the school's dashboard counts it (<see cref="DashboardClock"/>).
/// </summary>
internal static class StormRun
{
    public const int ClosedLoopClients = 64;

    public static async Task<StormResult> ExecuteAsync(
        IStormTarget target, string storage, int silos, int history, IReadOnlyList<string> schoolIds, int pupils, Session session,
        IReadOnlyList<StormEvent> events, bool closedLoop, double compress, DashboardClock dashboard, long baselineWorkingSet, string? database, bool retry = false, long? heapBaseline = null)
    {
        var commitsBefore = await Commits(database);
        var crossSiloBefore = await target.SiloToSiloMessages();
        var countsBefore = await target.ServiceCounts();
        var postgresBefore = ProcessFigures.PostgresCpu();
        var classArrivals = new ConcurrentDictionary<(int, string), ConcurrentBag<Task>>();
        var acks = new ConcurrentBag<double>();
        var refusals = new ConcurrentBag<double>();
        var inLatencies = new ConcurrentBag<double>();
        var errors = 0;
        var errorsByStatus = new ConcurrentDictionary<string, int>();
        var marks = 0;
        var cpuBefore = target.CpuTime;
        var started = Stopwatch.GetTimestamp();

        async Task Send(StormEvent e, int index)
        {
            if (!e.IsArrival)
            {
                await Task.WhenAll(classArrivals.GetValueOrDefault((e.School, e.ClassId)) ?? []);
            }

            var first = Stopwatch.GetTimestamp();
            long sent;
            for (var attempt = 0; ; attempt++)
            {
                sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await target.Send(target.Clients[index % target.Clients.Count], schoolIds[e.School], session, e);
                    if (retry && response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                    {
                        // A client that honours Retry-After and backs off: at least what the server asked, then a
                        // random share of a doubling window (capped at 8 s), so the refused do not all come back at once.
                        refusals.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                        var after = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                        await Task.Delay(after + Random.Shared.NextDouble() * TimeSpan.FromSeconds(Math.Min(8, Math.Pow(2, attempt))));
                        continue;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        errorsByStatus.AddOrUpdate($"{(int)response.StatusCode} {await ProblemType(response)}", 1, (_, n) => n + 1);
                        return;
                    }
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref errors);
                    errorsByStatus.AddOrUpdate(ex.HttpRequestError.ToString(), 1, (_, n) => n + 1);
                    return;
                }

                break;
            }

            var answered = Stopwatch.GetTimestamp();
            acks.Add(Stopwatch.GetElapsedTime(sent, answered).TotalMilliseconds);
            inLatencies.Add(Stopwatch.GetElapsedTime(first, answered).TotalMilliseconds);
            Interlocked.Add(ref marks, e.Marks.Count);
            dashboard.Acknowledged(e.School, e.Marks.Count, answered);
        }

        Task Track(StormEvent e, int index)
        {
            var task = Task.Run(() => Send(e, index));
            if (e.IsArrival)
            {
                classArrivals.GetOrAdd((e.School, e.ClassId), _ => []).Add(task);
            }

            return task;
        }

        if (closedLoop)
        {
            var queue = new ConcurrentQueue<(StormEvent, int)>(events.Select((e, i) => (e, i)));
            var gate = new object();
            await Task.WhenAll(Enumerable.Range(0, ClosedLoopClients).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    Task next;
                    lock (gate) // dequeue and register in order, so a register always sees its class's earlier arrivals
                    {
                        if (!queue.TryDequeue(out var item))
                        {
                            return;
                        }

                        next = Track(item.Item1, item.Item2);
                    }

                    await next;
                }
            })));
        }
        else
        {
            var sending = new List<Task>(events.Count);
            foreach (var (e, index) in events.Select((e, i) => (e, i)))
            {
                var wait = e.At - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(wait);
                }

                sending.Add(Track(e, index));
            }

            await Task.WhenAll(sending);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = target.CpuTime - cpuBefore;
        foreach (var (error, count) in errorsByStatus.OrderByDescending(e => e.Value))
        {
            Console.WriteLine($"  {target.Name}, {silos} silo(s): {count} x {error}");
        }

        var postgresCpu = ProcessFigures.PostgresCpu() - postgresBefore;
        var counts = await target.ServiceCounts() - countsBefore;
        await dashboard.AllSeen(TimeSpan.FromSeconds(30));
        var toDashboard = dashboard.Latencies();
        var sorted = acks.Order().ToList();
        var commits = await Commits(database) - commitsBefore;
        var crossSilo = await target.SiloToSiloMessages() - crossSiloBefore;
        return new StormResult(
            target.Name, storage, silos, closedLoop ? "max" : $"x{compress:F0}", history, schoolIds.Count, pupils, marks, errors, elapsed.TotalSeconds, marks / elapsed.TotalSeconds,
            Run.Percentile(sorted, 50), Run.Percentile(sorted, 95), Run.Percentile(sorted, 99),
            Run.Percentile(toDashboard, 50), Run.Percentile(toDashboard, 99),
            (target.WorkingSetBytes - baselineWorkingSet) / 1024.0 / 1024.0 / (schoolIds.Count * pupils / 1000.0),
            cpu.TotalMilliseconds * 1000 / Math.Max(1, marks),
            database is null ? double.NaN : commits * 1000.0 / Math.Max(1, marks),
            (double)crossSilo / Math.Max(1, marks))
        {
            Refused = refusals.Count,
            RefusalP99Ms = Run.Percentile([.. refusals.Order()], 99),
            InP50Ms = Run.Percentile([.. inLatencies.Order()], 50),
            InP99Ms = Run.Percentile([.. inLatencies.Order()], 99),
            PostgresCpuMsPer1000Marks = database is null ? double.NaN : postgresCpu.TotalMilliseconds * 1000 / Math.Max(1, marks),
            GrainCallsPerMark = counts.Calls / Math.Max(1, marks),
            OneWayPerMark = counts.OneWay / Math.Max(1, marks),
            LinesPerJournalCommit = counts.JournalCommits > 0 ? counts.JournalLines / counts.JournalCommits : double.NaN,
            HeapMbPer1000Pupils = heapBaseline is { } heap ? (await ProcessFigures.HeapAfterFullGc(target.ProcessIds) - heap) / 1024.0 / 1024.0 / (schoolIds.Count * pupils / 1000.0) : double.NaN,
        };
    }

    /// <summary>The problem type of an error answer (ours are ProblemDetails), or the start of whatever else came back.</summary>
    private static async Task<string> ProblemType(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var type = System.Text.RegularExpressions.Regex.Match(body, "\"type\"\\s*:\\s*\"([^\"]+)\"");
        return type.Success ? type.Groups[1].Value : body[..Math.Min(80, body.Length)];
    }

    /// <summary>
    /// The database's committed transactions so far. A backend reports its counts at most once a second while busy,
    /// and a backend that falls idle within that second only after 10 s (PostgreSQL 15's idle flush), so this waits
    /// 11 s: with 1.5 s, the set-up's commits reported late were counted in the storm's (several thousand in a storm
    /// of registers that lasted half a second).
    /// </summary>
    public static async Task<long> Commits(string? database)
    {
        if (database is null)
        {
            return 0;
        }

        await Task.Delay(TimeSpan.FromSeconds(11));
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Mark-to-dashboard, the same way for a pushed and a polled dashboard: per school, the n-th mark acknowledged is
/// seen when the dashboard first shows at least n marks (0 if it showed them before the acknowledgement arrived).
/// </summary>
internal sealed class DashboardClock(int schools)
{
    private readonly object sync = new();
    private readonly List<long>[] acknowledged = [.. Enumerable.Range(0, schools).Select(_ => new List<long>())];
    private readonly int[] shown = new int[schools];
    private readonly int[] timed = new int[schools];
    private readonly List<double> latencies = [];
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int expected = int.MaxValue;

    public void Expect(int marks) => expected = marks;

    public void Acknowledged(int school, int marks, long at)
    {
        lock (sync)
        {
            for (var i = 0; i < marks; i++)
            {
                acknowledged[school].Add(at);
            }

            Advance(school, at);
        }
    }

    /// <summary>The dashboard of a school shows this many marks.</summary>
    public void Shows(int school, int marks, long at)
    {
        lock (sync)
        {
            shown[school] = Math.Max(shown[school], marks);
            Advance(school, at);
        }
    }

    public Task AllSeen(TimeSpan within) => done.Task.WaitAsync(within).ContinueWith(_ => { });

    public List<double> Latencies()
    {
        lock (sync)
        {
            return [.. latencies.Order()];
        }
    }

    private void Advance(int school, long now)
    {
        var ready = Math.Min(shown[school], acknowledged[school].Count);
        for (; timed[school] < ready; timed[school]++)
        {
            latencies.Add(Math.Max(0, Stopwatch.GetElapsedTime(acknowledged[school][timed[school]], now).TotalMilliseconds));
        }

        if (latencies.Count >= expected)
        {
            done.TrySetResult();
        }
    }
}
