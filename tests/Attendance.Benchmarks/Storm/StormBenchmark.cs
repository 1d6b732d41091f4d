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
        foreach (var pace in options.Paces)
        {
            var (closedLoop, compress) = pace == "max" ? (true, 1.0) : (false, double.Parse(pace));
            foreach (var (storage, silos) in options.Storage.SelectMany(s => s == "memory" ? [(s, 1)] : options.Silos.Select(n => (s, n))))
            {
                var database = storage == "postgres" ? await NewDatabase() : null;
                await using var server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true, silos);
                var baseline = server.WorkingSetBytes;
                var schoolIds = Enumerable.Range(0, options.Schools).Select(i => $"storm-{Guid.NewGuid():N}"[..18]).ToList();
                using (var http = server.ClientFor(schoolIds))
                {
                    foreach (var (id, index) in schoolIds.Select((id, i) => (id, i)))
                    {
                        session = (await GeneratedSchool.CreateAsync(http, id, index, options.Pupils)).Session;
                    }
                }

                var events = MorningStorm.Generate(options.Schools, options.Pupils, session!.Value, compress);
                var target = new AttendanceTarget(server, schoolIds);
                var clock = new DashboardClock(options.Schools);
                clock.Expect(options.Schools * options.Pupils);
                await using (await target.WatchAsync(clock))
                {
                    Report(await StormRun.ExecuteAsync(target, storage, silos, schoolIds, options.Pupils, session!.Value, events, closedLoop, compress, clock, baseline));
                }
            }

            var plainIds = Enumerable.Range(0, options.Schools).Select(i => $"plain-{i}").ToList();
            var plainEvents = MorningStorm.Generate(options.Schools, options.Pupils, session!.Value, compress);
            await using (var plain = await PlainTarget.StartAsync(await NewDatabase()))
            {
                var clock = new DashboardClock(options.Schools);
                clock.Expect(options.Schools * options.Pupils);
                var baseline = plain.WorkingSetBytes;
                await using (plain.Watch(plainIds, session!.Value, clock))
                {
                    Report(await StormRun.ExecuteAsync(plain, "postgres", 1, plainIds, options.Pupils, session!.Value, plainEvents, closedLoop, compress, clock, baseline));
                }
            }

            if (closedLoop)
            {
                foreach (var batch in new[] { 1, 100 })
                {
                    Report(await RawInserts.ExecuteAsync(await NewDatabase(), plainIds, options.Pupils, session!.Value, plainEvents, batch));
                }
            }
        }

        return results;
    }

    /// <summary>A fresh database with the service's schema (the references write the same table).</summary>
    private static async Task<string> NewDatabase()
    {
        var connectionString = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
        await new PostgresSchema(connectionString).ApplyAsync();
        return connectionString;
    }
}
