using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Attendance.Domain;
using Attendance.Grains.Abstractions;
using Attendance.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Server.Http;

namespace Attendance.Benchmarks;

/// <summary>
/// Issue 18, a long morning: one PostgreSQL-backed silo for many minutes at a steady rate of marks (each pupil in turn,
/// one earlier school-day session after another, as an office catching up its registers would), while dashboards
/// connect to random schools, watch for a while and leave. Every half minute it samples the server's memory (working
/// set and the GC heap after the last collection), the feeds the silo's relay is subscribed to, the dashboards
/// connected, and the acknowledgements of the last interval. At the end every dashboard leaves and the relay must
/// hold no feed.
/// </summary>
internal static class LongMorning
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(30);

    public static async Task<List<IResultRow>> RunAsync(Options options)
    {
        var database = await Attendance.Benchmarks.Storm.StormBenchmark.NewDatabase();
        await using var server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true);
        var schoolIds = Enumerable.Range(0, options.Schools).Select(i => $"morning-{i}").ToList();
        await Attendance.Benchmarks.Storm.StormBenchmark.CreateSchools(server, schoolIds, options.Pupils);
        using var http = server.ClientFor(schoolIds);
        var status = await http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/schools/{schoolIds[0]}/status");
        var sessions = Session.TryParse(status.GetProperty("session").GetString(), out var today)
            ? EarlierSessions(today, 80)
            : throw new InvalidOperationException("The generated school has no session today.");

        var samples = new List<IResultRow>();
        var acks = new ConcurrentQueue<double>();
        var marks = 0;
        var errors = 0;
        var dashboards = new Dashboards(server, schoolIds);
        var length = TimeSpan.FromMinutes(options.Minutes);
        var started = Stopwatch.GetTimestamp();
        var sampling = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(SampleEvery);
            while (await timer.WaitForNextTickAsync() && Stopwatch.GetElapsedTime(started) < length + SampleEvery)
            {
                var interval = new List<double>();
                while (acks.TryDequeue(out var ack))
                {
                    interval.Add(ack);
                }

                interval.Sort();
                var sample = new MorningSample(
                    Stopwatch.GetElapsedTime(started).TotalMinutes, marks, errors, server.WorkingSetBytes / 1048576.0,
                    await server.Metric("dotnet_gc_last_collection_heap_size_bytes") / 1048576.0, await server.Metric("attendance_dashboard_feeds"),
                    dashboards.Connected, dashboards.Failures, Run.Percentile(interval, 50), Run.Percentile(interval, 99));
                samples.Add(sample);
                Console.WriteLine(sample.Row());
            }
        });

        var churn = Task.Run(() => dashboards.Churn(length));
        var pupils = options.Schools * options.Pupils;
        var sending = new List<Task>();
        for (var i = 0; Stopwatch.GetElapsedTime(started) < length; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / options.Rates[0]) - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var (school, pupil, session) = (i % pupils / options.Pupils, i % options.Pupils, sessions[i / pupils]);
            sending.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var answer = await http.PostAsJsonAsync(
                        $"/api/schools/{schoolIds[school]}/pupils/{GeneratedSchool.Upn(school, pupil)}/marks", new { session = session.ToString(), code = session.Part == SessionPart.AM ? "/" : "\\" });
                    if (!answer.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        Console.Error.WriteLine($"  {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
                        return;
                    }

                    acks.Enqueue(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                    Interlocked.Increment(ref marks);
                }
                catch (HttpRequestException e)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine($"  {e.Message}");
                }
            }));
            sending.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(sending);
        await churn;
        await dashboards.DisposeAsync();

        // The last dashboard has gone: within a few seconds the relay must have left every feed.
        var feedsLeft = double.NaN;
        for (var attempt = 0; attempt < 20 && feedsLeft != 0; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            feedsLeft = await server.Metric("attendance_dashboard_feeds");
        }

        await sampling;
        Console.WriteLine($"after the last dashboard left: {feedsLeft} feed(s) subscribed; {dashboards.Sessions} dashboard sessions in all, {dashboards.Failures} failed");
        return samples;
    }

    /// <summary>The school-day sessions before <paramref name="today"/>, latest first (Monday to Friday).</summary>
    private static List<Session> EarlierSessions(Session today, int count)
    {
        var sessions = new List<Session>();
        for (var day = today.Date.AddDays(-1); sessions.Count < count; day = day.AddDays(-1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                sessions.Add(new Session(day, SessionPart.PM));
                sessions.Add(new Session(day, SessionPart.AM));
            }
        }

        return sessions;
    }

    /// <summary>Leaders' dashboards: one opens every few seconds on a random school, watches 20-120 s and leaves.</summary>
    private sealed class Dashboards(ServerProcess server, IReadOnlyList<string> schoolIds) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<HubConnection, byte> open = new();
        private int failures;
        private int sessions;

        public int Connected => open.Count;

        public int Failures => failures;

        public int Sessions => sessions;

        public async Task Churn(TimeSpan length)
        {
            var started = Stopwatch.GetTimestamp();
            var visits = new List<Task>();
            while (Stopwatch.GetElapsedTime(started) < length - TimeSpan.FromSeconds(20))
            {
                visits.Add(Visit(schoolIds[Random.Shared.Next(schoolIds.Count)], TimeSpan.FromSeconds(20 + Random.Shared.Next(100))));
                await Task.Delay(TimeSpan.FromSeconds(1 + Random.Shared.Next(4)));
            }

            await Task.WhenAll(visits);
        }

        private async Task Visit(string schoolId, TimeSpan stay)
        {
            var connection = new HubConnectionBuilder()
                .WithUrl(new Uri(server.Address, "/hubs/attendance"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(server.TokenFor([schoolId])))
                .AddJsonProtocol(json => ApiJson.Configure(json.PayloadSerializerOptions))
                .Build();
            connection.On<DashboardDelta>("delta", _ => { });
            try
            {
                await connection.StartAsync();
                open.TryAdd(connection, 0);
                Interlocked.Increment(ref sessions);
                await connection.InvokeAsync<DashboardSnapshot>("Subscribe", schoolId, null);
                await Task.Delay(stay);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"  dashboard: {e.Message}");
            }
            finally
            {
                open.TryRemove(connection, out _);
                await connection.DisposeAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var connection in open.Keys)
            {
                await connection.DisposeAsync();
            }
        }
    }
}

/// <param name="GcHeapMb">The GC heap after the last collection (the runtime's own figure, less noisy than the working set).</param>
/// <param name="Feeds">Schools' feeds the silo's relay is subscribed to.</param>
internal sealed record MorningSample(
    double Minutes, int Marks, int Errors, double WorkingSetMb, double GcHeapMb, double Feeds, int Dashboards, int DashboardFailures, double AckP50Ms, double AckP99Ms) : IResultRow
{
    public const string Header = "minute | marks  | errors | working set MB | GC heap MB | feeds | dashboards | failed | ack p50 / p99 ms (last 30 s)";

    public string Row() =>
        $"{Minutes,6:F1} | {Marks,6} | {Errors,6} | {WorkingSetMb,14:F0} | {GcHeapMb,10:F1} | {Feeds,5:F0} | {Dashboards,10} | {DashboardFailures,6} | {AckP50Ms,6:F1} / {AckP99Ms,6:F1}";
}
