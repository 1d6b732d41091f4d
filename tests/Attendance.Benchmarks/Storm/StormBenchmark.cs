using Attendance.Domain;
using Attendance.Server.Storage;
using Attendance.Testing;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// The morning storm against this service (in memory, PostgreSQL with 1 silo, PostgreSQL with N silos from the local
/// cluster script) and, in the same run, the two references on the same PostgreSQL server: the plain design and raw
/// inserts. Each system gets a fresh server process and database.
/// </summary>
internal static class StormBenchmark
{
    public static async Task<List<IResultRow>> RunAsync(Options options)
    {
        var results = new List<IResultRow>();
        void Report(StormResult result)
        {
            results.Add(result);
            Console.WriteLine(result.Row());
        }

        Session? session = null;
        foreach (var history in options.History)
        foreach (var pace in options.Paces)
        {
            var (closedLoop, compress) = pace == "max" ? (true, 1.0) : (false, double.Parse(pace));
            foreach (var (storage, silos) in options.Storage.SelectMany(s => s == "memory" ? [(s, 1)] : options.Silos.Select(n => (s, n))))
            {
                if (history > 0 && storage == "memory")
                {
                    continue; // an in-memory service starts empty by definition
                }

                var database = storage == "postgres" ? await NewDatabase() : null;
                var schoolIds = Enumerable.Range(0, options.Schools).Select(i => $"storm-{Guid.NewGuid():N}"[..18]).ToList();
                var warmIds = WarmUpIds("warm");
                session ??= await TodaysSession();
                if (database is not null)
                {
                    await YearOfHistory.WriteAsync(database, schoolIds, options.Pupils, session.Value, history);
                }

                // September: the measured schools are created after the warm-up, so the memory growth counts their
                // pupils from their first activation. July: they are created first and the server restarted, as a
                // morning after the grains were collected overnight, so the storm activates each pupil from its
                // full register.
                var profiling = options.Profile ? CpuProfile.ServerSettings : null;
                var server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true, silos, profiling, morning: true);
                await CreateSchools(server, warmIds, options.Pupils);
                if (history > 0)
                {
                    await CreateSchools(server, schoolIds, options.Pupils);
                    await server.DisposeAsync();
                    server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true, silos, profiling, morning: true);
                }

                await using (server)
                {
                    await WarmUp(new AttendanceTarget(server, warmIds), warmIds, options.Pupils, session!.Value);
                    var baseline = server.WorkingSetBytes;
                    var heapBaseline = await ProcessFigures.HeapAfterFullGc(server.ProcessIds);
                    if (history == 0)
                    {
                        await CreateSchools(server, schoolIds, options.Pupils);
                    }

                    var events = MorningStorm.Generate(options.Schools, options.Pupils, session!.Value, compress, options.Gate);
                    Console.WriteLine($"storm: {events.Count(e => e.IsArrival)} gate arrivals, {events.Count(e => !e.IsArrival)} registers ({events.Where(e => !e.IsArrival).Sum(e => e.Marks.Count)} marks)");
                    var target = new AttendanceTarget(server, schoolIds);
                    var clock = new DashboardClock(options.Schools);
                    clock.Expect(options.Schools * options.Pupils);
                    await using (await target.WatchAsync(clock))
                    await using (options.Profile ? CpuProfile.Start(server.ProcessIds, $"{storage}-{silos}-{history}-{pace}") : null)
                    {
                        Report(await StormRun.ExecuteAsync(target, storage, silos, history, schoolIds, options.Pupils, session!.Value, events, closedLoop, compress, clock, baseline, database, heapBaseline: heapBaseline));
                    }
                }
            }

            if (!options.References)
            {
                continue;
            }

            var plainIds = Enumerable.Range(0, options.Schools).Select(i => $"plain-{i}").ToList();
            var plainEvents = MorningStorm.Generate(options.Schools, options.Pupils, session!.Value, compress, options.Gate);
            var plainDatabase = await NewDatabase();
            await YearOfHistory.WriteAsync(plainDatabase, plainIds, options.Pupils, session!.Value, history);
            await using (var plain = await PlainTarget.StartAsync(plainDatabase))
            {
                await WarmUp(plain, WarmUpIds("plain-warm"), options.Pupils, session!.Value);
                var clock = new DashboardClock(options.Schools);
                clock.Expect(options.Schools * options.Pupils);
                var baseline = plain.WorkingSetBytes;
                var heapBaseline = await ProcessFigures.HeapAfterFullGc(plain.ProcessIds);
                await using (plain.Watch(plainIds, session!.Value, clock))
                {
                    Report(await StormRun.ExecuteAsync(plain, "postgres", 1, history, plainIds, options.Pupils, session!.Value, plainEvents, closedLoop, compress, clock, baseline, plainDatabase, heapBaseline: heapBaseline));
                }
            }

            // References (b) and (c): the plain design doing this service's work per mark, without and with batching.
            foreach (var batching in new[] { false, true })
            {
                var sameWorkDatabase = await NewDatabase();
                await YearOfHistory.WriteAsync(sameWorkDatabase, plainIds, options.Pupils, session!.Value, history);
                var sameWorkWarmIds = WarmUpIds("same-warm");
                await using var sameWork = await SameWorkTarget.StartAsync(sameWorkDatabase, batching, [.. sameWorkWarmIds, .. plainIds]);
                await sameWork.SetUpSchools(sameWorkWarmIds, options.Pupils);
                await sameWork.SetUpSchools(plainIds, options.Pupils);
                await WarmUp(sameWork, sameWorkWarmIds, options.Pupils, session!.Value);
                var clock = new DashboardClock(options.Schools);
                clock.Expect(options.Schools * options.Pupils);
                var baseline = sameWork.WorkingSetBytes;
                var heapBaseline = await ProcessFigures.HeapAfterFullGc(sameWork.ProcessIds);
                await using (await sameWork.WatchAsync(plainIds, clock))
                {
                    Report(await StormRun.ExecuteAsync(sameWork, "postgres", 1, history, plainIds, options.Pupils, session!.Value, plainEvents, closedLoop, compress, clock, baseline, sameWorkDatabase, heapBaseline: heapBaseline));
                }
            }

            if (closedLoop && history == 0)
            {
                foreach (var batch in new[] { 1, 100 })
                {
                    Report(await RawInserts.ExecuteAsync(await NewDatabase(), plainIds, options.Pupils, session!.Value, plainEvents, batch));
                }
            }
        }

        return results;
    }

    internal static async Task CreateSchools(ServerProcess server, IReadOnlyList<string> schoolIds, int pupils)
    {
        using var http = server.ClientFor(schoolIds);
        foreach (var (id, index) in schoolIds.Select((id, i) => (id, i)))
        {
            await GeneratedSchool.CreateAsync(http, id, index, pupils);
        }
    }

    /// <summary>Two schools' worth of the storm, not measured: both systems' code is jitted and tiered up first.</summary>
    internal static List<string> WarmUpIds(string prefix) => [.. Enumerable.Range(0, 2).Select(i => $"{prefix}-{Guid.NewGuid():N}"[..18])];

    /// <summary>
    /// A server process starts with its code interpreted by the JIT's first tier and recompiles what runs hot over
    /// the first seconds (the profile showed the JIT at 11% of a short storm's CPU). A school's server has been
    /// running since the day before, so each system first plays the warm-up schools' storm, closed loop, unmeasured.
    /// </summary>
    internal static async Task WarmUp(IStormTarget target, IReadOnlyList<string> warmIds, int pupils, Session session)
    {
        var clock = new DashboardClock(warmIds.Count);
        clock.Expect(0);
        await StormRun.ExecuteAsync(target, "warm-up", 1, 0, warmIds, pupils, session, MorningStorm.Generate(warmIds.Count, pupils, session, 1.0), closedLoop: true, 1.0, clock, 0, database: null);
        Console.WriteLine($"warm-up settled after {(await ProcessFigures.Settle(target.ProcessIds)).TotalSeconds:F0} s");
    }

    /// <summary>The session a generated school is in now (the history is written before the schools exist).</summary>
    internal static async Task<Session> TodaysSession()
    {
        await using var probe = await ServerProcess.StartAsync(null, TimeSpan.FromMilliseconds(250), evaluate: false, morning: true);
        using var http = probe.ClientFor(["probe"]);
        return (await GeneratedSchool.CreateAsync(http, "probe", 0, 1)).Session;
    }

    /// <summary>A fresh database with the service's schema (the references write the same table).</summary>
    internal static async Task<string> NewDatabase()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await new PostgresSchema(connectionString).ApplyAsync();
        return connectionString;
    }
}
