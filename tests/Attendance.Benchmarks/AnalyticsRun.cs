using System.Diagnostics;
using System.Net.Http.Json;
using Attendance.Testing;

namespace Attendance.Benchmarks;

/// <summary>
/// Issue 16: the school analytics request (figures by group from the pupils' running tallies) for schools of 1,000
/// pupils with a mark each, timed over many requests, one school after another across the trust; and in the same run
/// the reference that reads the register instead: the local authority's lists for the same school on the same day
/// (every pupil's register rebuilt from its entries).
/// </summary>
internal static class AnalyticsRun
{
    public static async Task<List<IResultRow>> RunAsync(Options options)
    {
        var database = options.Storage.Contains("postgres") ? await Attendance.Benchmarks.Storm.StormBenchmark.NewDatabase() : null;
        await using var server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true);
        var schoolIds = Enumerable.Range(0, options.Schools).Select(i => $"analytics-{i}").ToList();
        using var http = server.ClientFor(schoolIds);
        var sessions = new List<string>();
        foreach (var (schoolId, index) in schoolIds.Select((id, i) => (id, i)))
        {
            var school = await GeneratedSchool.CreateAsync(http, schoolId, index, options.Pupils);
            sessions.Add(school.Session.ToString());
            foreach (var group in school.Upns.Chunk(30).Select((upns, c) => (upns, c)))
            {
                var marks = group.upns.Select((upn, i) => new { upn, code = i % 9 == 0 ? "N" : school.Session.Part == Domain.SessionPart.AM ? "/" : "\\" });
                (await http.PostAsJsonAsync($"/api/schools/{schoolId}/classes/{GeneratedSchool.ClassOf(group.c * 30)}/registers/{school.Session}", new { marks })).EnsureSuccessStatusCode();
            }
        }

        var on = sessions[0][..10];
        var results = new List<IResultRow>
        {
            await Time("school analytics (tallies)", options.Marks, i => http.GetAsync($"/api/schools/{schoolIds[i % schoolIds.Count]}/analytics")),
            await Time("local authority lists (registers, reference)", options.Marks, i => http.GetAsync($"/api/schools/{schoolIds[i % schoolIds.Count]}/returns/local-authority?on={on}")),
        };
        results.ForEach(r => Console.WriteLine(r.Row()));
        return results;
    }

    private static async Task<AnalyticsResult> Time(string request, int count, Func<int, Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < 20; i++)
        {
            (await send(i)).EnsureSuccessStatusCode(); // warm-up
        }

        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var answer = await send(i);
            answer.EnsureSuccessStatusCode();
            await answer.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return new AnalyticsResult(request, count, Run.Percentile(times, 50), Run.Percentile(times, 99), times[^1]);
    }
}

internal sealed record AnalyticsResult(string Request, int Requests, double P50Ms, double P99Ms, double MaxMs) : IResultRow
{
    public const string Header = "request                                       | requests | p50 ms | p99 ms | max ms";

    public string Row() => $"{Request,-45} | {Requests,8} | {P50Ms,6:F1} | {P99Ms,6:F1} | {MaxMs,6:F1}";
}
