using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attendance.Benchmarks;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Server.Http;

// Experiments, each printing a table and writing JSON under artifacts/benchmarks/:
// - dashboard (default): gate arrivals posted over HTTP at a steady rate, timed from the HTTP acknowledgement to
//   the dashboard client receiving the delta that shows the pupil;
// - alerts: as many arrivals as the server takes (closed loop), with policy evaluation on and then off, and the
//   time from a mark's acknowledgement to the attendance lead's client receiving the alert it caused.
// - overload: the storm at N times what one silo sustains, with clients that retry refusals, with and without
//   admission control and against the plain design (issue 18).
// - analytics: the school analytics request's latency, against the local authority lists (issue 16).
// - import: a school's year of historic marks (300,000 rows) through the import job, and binary COPY (issue 16).
// - morning: a long morning at a steady rate with dashboards connecting and leaving (issue 18).
// - lessons: a period starting in secondary schools (issue 31): every teaching group's lesson register, paced over
//   two minutes or closed loop, and the time from a register to the truancy alert it raises, against reference (b).
// - storm: a trust's morning (issue 7): gate arrivals and class registers for S schools of P pupils along a morning
//   curve, compressed (pace x50: the 50-minute register window in a minute) or closed-loop (pace max), against this
//   service (memory; PostgreSQL with 1 and N silos) and the references (plain ASP.NET Core + Npgsql (a); the same
//   doing this service's work per mark (b), and with a batching writer (c); raw inserts).
// Usage:
//   dotnet run -c Release --project tests/Attendance.Benchmarks -- [--mode dashboard|alerts] [--storage memory,postgres]
//       dashboard: [--rates 200,1000] [--seconds 10] [--interval 00:00:00.050]
//       alerts:    [--marks 10000] [--concurrency 32]
//       storm:     [--schools 20] [--pupils 1000] [--paces max,50] [--silos 1,3] [--history 0,370] [--profile] [--no-references] [--no-gate]
//                  (--profile: a perf CPU profile of the service's measured window; --no-references: the service only;
//                  --no-gate: no gate arrivals, every pupil marked by their class's register)
//                  (history: sessions every pupil already has, written to PostgreSQL before the storm: September and July)
//       overload:  [--schools 20] [--pupils 1000] [--overload 3] [--inflight 32,128] (the storm at 3 times one PostgreSQL silo's sustained
//                  rate, measured first; clients send refused requests again after Retry-After)
//       analytics: [--schools 20] [--pupils 1000] [--marks 200] [--storage postgres] (requests timed, one school after another)
//       import:    [--pupils 1000] [--sessions 300] (a year's history file imported as a job, against binary COPY)
//       lessons:   [--schools 4] [--pupils 1500] [--paces 120,max] (one silo on PostgreSQL, and reference (b))
//       morning:   [--minutes 20] [--rates 30] [--schools 10] (one silo on PostgreSQL, marks at a steady rate while
//                  dashboards come and go; memory, relay feeds and latency sampled every 30 s)
if (args is [Attendance.Benchmarks.Storm.PlainServer.Command, var url, var connectionString])
{
    await Attendance.Benchmarks.Storm.PlainServer.RunAsync(url, connectionString);
    return;
}

if (args is [Attendance.Benchmarks.Storm.SameWorkServer.Command, var sameWorkUrl, var sameWorkDatabase, .. var flags])
{
    await Attendance.Benchmarks.Storm.SameWorkServer.RunAsync(sameWorkUrl, sameWorkDatabase, batching: flags.Contains(Attendance.Benchmarks.Storm.SameWorkServer.BatchingFlag));
    return;
}

var options = Options.Parse(args);
var results = options.Mode switch
{
    "storm" => await Attendance.Benchmarks.Storm.StormBenchmark.RunAsync(options),
    "overload" => await Attendance.Benchmarks.Storm.OverloadBenchmark.RunAsync(options),
    "morning" => await LongMorning.RunAsync(options),
    "import" => await Attendance.Benchmarks.Storm.ImportBenchmark.RunAsync(options),
    "analytics" => await AnalyticsRun.RunAsync(options),
    "lessons" => await Attendance.Benchmarks.Storm.LessonStorm.RunAsync(options),
    _ => await DashboardOrAlerts(options),
};

Console.WriteLine();
Console.WriteLine(options.Mode switch
{
    "alerts" => AlertRunResult.Header,
    "storm" => Attendance.Benchmarks.Storm.StormResult.Header,
    "overload" => Attendance.Benchmarks.Storm.OverloadResult.Header,
    "morning" => MorningSample.Header,
    "import" => Attendance.Benchmarks.Storm.ImportResult.Header,
    "analytics" => AnalyticsResult.Header,
    "lessons" => Attendance.Benchmarks.Storm.LessonStormResult.Header,
    _ => RunResult.Header,
});
results.ForEach(r => Console.WriteLine(r.Row()));
var output = Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "benchmarks", $"{(options.Mode == "dashboard" ? "mark-to-dashboard" : options.Mode)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new { machine = Machine.Describe(), options, results = results.Cast<object>() }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
Console.WriteLine($"JSON: {output}");

// Issues 3 and 4: mark-to-dashboard at steady rates, or closed-loop arrivals with and without policy evaluation.
static async Task<List<IResultRow>> DashboardOrAlerts(Options options)
{
    var results = new List<IResultRow>();
    foreach (var storage in options.Storage)
    {
        if (options.Mode == "alerts")
        {
            foreach (var evaluate in new[] { true, false })
            {
                await using var server = await ServerProcess.StartAsync(await Database(storage), options.Interval, evaluate);
                var result = await AlertRun.ExecuteAsync(server, storage, evaluate, options.Marks, options.Concurrency);
                results.Add(result);
                Console.WriteLine(result.Row());
            }

            continue;
        }

        await using var dashboardServer = await ServerProcess.StartAsync(await Database(storage), options.Interval, evaluate: true);
        foreach (var rate in options.Rates)
        {
            var result = await Run.ExecuteAsync(dashboardServer, storage, rate, options.Seconds);
            results.Add(result);
            Console.WriteLine(result.Row());
        }
    }

    return results;
}

// A fresh database for each server, so runs do not share state.
static async Task<string?> Database(string storage) =>
    storage == "postgres" ? await (await PostgresServer.SharedAsync()).CreateDatabaseAsync() : null;

internal sealed record Options(
    string Mode, int[] Rates, string[] Storage, int Seconds, TimeSpan Interval, int Marks, int Concurrency, int Schools, int Pupils, string[] Paces, int[] Silos,
    int[] History, double Overload, int Minutes, int[] InFlight, int Sessions, bool Profile, bool References, bool Gate)
{
    public static Options Parse(string[] args)
    {
        string Value(string name, string fallback) => args.SkipWhile(a => a != $"--{name}").Skip(1).FirstOrDefault() ?? fallback;
        return new Options(
            Value("mode", "dashboard"),
            [.. Value("rates", "200,1000").Split(',').Select(int.Parse)],
            Value("storage", "memory,postgres").Split(','),
            int.Parse(Value("seconds", "10")),
            TimeSpan.Parse(Value("interval", "00:00:00.050")),
            int.Parse(Value("marks", "10000")),
            int.Parse(Value("concurrency", "32")),
            int.Parse(Value("schools", "20")),
            int.Parse(Value("pupils", "1000")),
            Value("paces", "max,50").Split(','),
            [.. Value("silos", "1,3").Split(',').Select(int.Parse)],
            [.. Value("history", "0,370").Split(',').Select(int.Parse)],
            double.Parse(Value("overload", "3"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Value("minutes", "20")),
            [.. Value("inflight", "32").Split(',').Select(int.Parse)],
            int.Parse(Value("sessions", "300")),
            args.Contains("--profile"),
            !args.Contains("--no-references"),
            !args.Contains("--no-gate"));
    }
}

/// <summary>One line of a results table.</summary>
internal interface IResultRow
{
    string Row();
}

internal sealed record RunResult(
    string Storage, int TargetRate, double AchievedRate, int Marks, int Errors, int Schools,
    double AckP50Ms, double AckP95Ms, double AckP99Ms, double DashboardP50Ms, double DashboardP99Ms, int Deltas,
    double ServerMemoryMb, double CpuMsPer1000Marks) : IResultRow
{
    public const string Header =
        "storage  | target/s | achieved/s | marks | errors | ack p50 / p95 / p99 ms | dashboard p50 / p99 ms | deltas | server MB | CPU ms per 1,000 marks";

    public string Row() =>
        $"{Storage,-8} | {TargetRate,8} | {AchievedRate,10:F0} | {Marks,5} | {Errors,6} | {AckP50Ms,6:F1} / {AckP95Ms,5:F1} / {AckP99Ms,5:F1} | {DashboardP50Ms,10:F1} / {DashboardP99Ms,6:F1} | {Deltas,6} | {ServerMemoryMb,9:F0} | {CpuMsPer1000Marks,8:F0}";
}

internal static class Run
{
    public const int PupilsPerSchool = 1000;

    public static async Task<RunResult> ExecuteAsync(ServerProcess server, string storage, int rate, int seconds)
    {
        var marks = rate * seconds;
        var schools = (marks + PupilsPerSchool - 1) / PupilsPerSchool;
        var runId = Guid.NewGuid().ToString("N")[..6];
        var schoolIds = Enumerable.Range(0, schools).Select(i => $"bench-{runId}-{i}").ToList();
        using var http = server.ClientFor(schoolIds);
        var session = default(Session);
        foreach (var (schoolId, index) in schoolIds.Select((s, i) => (s, i)))
        {
            session = (await GeneratedSchool.CreateAsync(http, schoolId, index, PupilsPerSchool)).Session;
        }

        // Everyone arrives ten minutes after the register closed (U), so each mark shows on the dashboard by UPN.
        var arrivedAt = GeneratedSchool.At(session, SessionTimes.PrimaryDefault.For(session.Part).Closes.AddMinutes(10));

        var acknowledged = new ConcurrentDictionary<string, long>();
        var received = new ConcurrentDictionary<string, long>();
        var deltas = 0;
        var allSeen = new TaskCompletionSource();
        await using var dashboard = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/attendance"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(server.TokenFor(schoolIds)))
            .AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions))
            .Build();
        dashboard.On<DashboardDelta>("delta", delta =>
        {
            var now = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref deltas);
            foreach (var pupil in delta.LateAfterCloseAdded)
            {
                received.TryAdd(pupil.Upn, now);
            }

            if (received.Count >= marks)
            {
                allSeen.TrySetResult();
            }
        });
        await dashboard.StartAsync();
        foreach (var schoolId in schoolIds)
        {
            await dashboard.InvokeAsync<DashboardSnapshot>("Subscribe", schoolId, null);
        }

        var cpuBefore = server.CpuTime;
        var errors = 0;
        var ackLatencies = new ConcurrentBag<double>();
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>(marks);
        for (var i = 0; i < marks; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var (schoolId, upn) = (schoolIds[i / PupilsPerSchool], GeneratedSchool.Upn(i / PupilsPerSchool, i % PupilsPerSchool));
            sends.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.PostAsJsonAsync($"/api/schools/{schoolId}/arrivals", new { upn, arrivedAt });
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        return;
                    }

                    var ack = Stopwatch.GetTimestamp();
                    acknowledged[upn] = ack;
                    ackLatencies.Add(Stopwatch.GetElapsedTime(sent, ack).TotalMilliseconds);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }

        await Task.WhenAll(sends);
        var elapsed = Stopwatch.GetElapsedTime(started);
        await Task.WhenAny(allSeen.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        var cpu = server.CpuTime - cpuBefore;

        // HTTP accepted to dashboard received; a delta can beat the HTTP response to the client (then < 0).
        var toDashboard = acknowledged
            .Where(a => received.ContainsKey(a.Key))
            .Select(a => (received[a.Key] - a.Value) * 1000.0 / Stopwatch.Frequency)
            .Order().ToList();
        var acks = ackLatencies.Order().ToList();
        return new RunResult(
            storage, rate, acknowledged.Count / elapsed.TotalSeconds, marks, errors + (acknowledged.Count - toDashboard.Count), schools,
            Percentile(acks, 50), Percentile(acks, 95), Percentile(acks, 99),
            Percentile(toDashboard, 50), Percentile(toDashboard, 99), deltas,
            server.WorkingSetBytes / 1024.0 / 1024.0, cpu.TotalMilliseconds * 1000 / Math.Max(1, acknowledged.Count));
    }

    public static double Percentile(List<double> sorted, int percentile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

internal static class Machine
{
    public static object Describe() => new
    {
        Environment.ProcessorCount,
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        memoryGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024,

        // Runtime settings given to this run (DOTNET_gcServer=0, ...): every server and reference process inherits them
        // and they take precedence over each one's runtimeconfig.json.
        runtimeSettings = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(name => name.StartsWith("DOTNET_", StringComparison.Ordinal) && name is not ("DOTNET_NOLOGO" or "DOTNET_GENERATE_ASPNET_CERTIFICATE") && !name.StartsWith("DOTNET_CLI", StringComparison.Ordinal) && !name.StartsWith("DOTNET_ROOT", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToDictionary(name => name, name => Environment.GetEnvironmentVariable(name)),
        serverGc = System.Runtime.GCSettings.IsServerGC,
    };
}
