using System.Diagnostics;
using System.Net.Http.Json;
using Attendance.Testing;

namespace Attendance.Benchmarks;

/// <summary>
/// Issue 16: the school analytics request (figures by group, reasons, week by week, pupils heading for a worse band,
/// from the school's roll-up) for schools of 1,000 pupils with six weeks of history (a mix of codes) and today's
/// mark each, timed over many requests, one school after another across the trust; the trust's table of every
/// school; and in the same run the reference that reads the register instead: the local authority's lists for the
/// same school on the same day (every pupil's register rebuilt from its entries).
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
            (await http.PostAsync($"/api/schools/{schoolId}/history", new StringContent(History(school), System.Text.Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
            foreach (var group in school.Upns.Chunk(30).Select((upns, c) => (upns, c)))
            {
                var marks = group.upns.Select((upn, i) => new { upn, code = i % 9 == 0 ? "N" : school.Session.Part == Domain.SessionPart.AM ? "/" : "\\" });
                (await http.PostAsJsonAsync($"/api/schools/{schoolId}/classes/{GeneratedSchool.ClassOf(group.c * 30)}/registers/{school.Session}", new { marks })).EnsureSuccessStatusCode();
            }
        }

        var on = sessions[0][..10];
        var results = new List<IResultRow>
        {
            await Time("school analytics (roll-up)", options.Marks, i => http.GetAsync($"/api/schools/{schoolIds[i % schoolIds.Count]}/analytics")),
            await Time("trust table (every school's roll-up)", Math.Max(20, options.Marks / 4), _ => http.GetAsync("/api/trust/analytics")),
            await Time("local authority lists (registers, reference)", options.Marks, i => http.GetAsync($"/api/schools/{schoolIds[i % schoolIds.Count]}/returns/local-authority?on={on}")),
        };
        results.ForEach(r => Console.WriteLine(r.Row()));
        return results;
    }

    /// <summary>Every pupil's sessions on the school days of the six weeks before today: mostly present, some ill, late, unexplained, on holiday.</summary>
    private static string History(GeneratedSchool school)
    {
        var csv = new System.Text.StringBuilder("UPN,Date,Session,Code\n");
        var today = school.Session.Date;
        for (var day = today.AddDays(-42); day < today; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            foreach (var (upn, pupil) in school.Upns.Select((u, i) => (u, i)))
            {
                var n = pupil + day.DayNumber;
                var code = (n % 23, n % 37, n % 41) switch { (0, _, _) => "I", (_, 0, _) => "N", (_, _, 0) => "G", _ => "/" };
                csv.Append($"{upn},{day:yyyy-MM-dd},AM,{code}\n{upn},{day:yyyy-MM-dd},PM,{(code == "/" && n % 29 == 0 ? "M" : code)}\n");
            }
        }

        return csv.ToString();
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
