using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attendance.Domain;

namespace Attendance.Benchmarks.Storm;

/// <summary>
/// Issue 16: a whole school's year from its previous system, 1,000 pupils × 300 sessions = 300,000 rows of CSV,
/// imported as a job through the HTTP API into a PostgreSQL-backed silo (every row checked, each pupil's rows one
/// append, the baseline rebuilt), timed from sending the file to the job's Done; and, in the same run, the ceiling:
/// the same number of rows written straight into attendance_register with binary COPY (no checks, no service).
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<List<IResultRow>> RunAsync(Options options)
    {
        var results = new List<IResultRow>();
        var sessions = options.Sessions;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var days = Enumerable.Range(1, sessions * 2).Select(i => today.AddDays(-i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Take(sessions / 2).Order().ToList();

        var database = await StormBenchmark.NewDatabase();
        await using (var server = await ServerProcess.StartAsync(database, options.Interval, evaluate: true))
        {
            const string schoolId = "import-bench";
            using var http = server.ClientFor([schoolId]);
            var settings = new
            {
                name = "Import benchmark school",
                calendar = new { terms = new[] { new { name = "This year", start = days[0], end = today.AddDays(60) } } },
                sessionTimes = SessionTimes.PrimaryDefault,
            };
            (await http.PutAsJsonAsync($"/api/schools/{schoolId}", settings)).EnsureSuccessStatusCode();
            var roster = new StringBuilder("UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\n");
            for (var pupil = 0; pupil < options.Pupils; pupil++)
            {
                roster.Append($"{Testing.GeneratedSchool.Upn(0, pupil)},Pupil,{pupil},2017-01-01,4,{Testing.GeneratedSchool.ClassOf(pupil)}\n");
            }

            (await http.PostAsync($"/api/schools/{schoolId}/roster", new StringContent(roster.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
            var csv = History(options.Pupils, days);
            var baseline = server.WorkingSetBytes;
            var cpu = server.CpuTime;
            var clock = Stopwatch.StartNew();
            var started = await http.PostAsync($"/api/schools/{schoolId}/history/jobs", new StringContent(csv, Encoding.UTF8, "text/csv"));
            if (started.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The import was refused: {await started.Content.ReadAsStringAsync()}");
            }

            var accepted = clock.Elapsed;
            JsonElement job;
            do
            {
                await Task.Delay(100);
                job = await http.GetFromJsonAsync<JsonElement>(started.Headers.Location);
            }
            while (job.GetProperty("status").GetString() == "Running");

            var rows = job.GetProperty("imported").GetInt32();
            results.Add(Report(new ImportResult("Attendance.Orleans (HTTP job, checked)", rows, clock.Elapsed.TotalSeconds, accepted.TotalSeconds,
                (server.CpuTime - cpu).TotalMilliseconds * 1000 / rows, (server.WorkingSetBytes - baseline) / 1048576.0)));
        }

        var reference = await StormBenchmark.NewDatabase();
        var copy = Stopwatch.StartNew();
        await YearOfHistory.WriteAsync(reference, ["import-copy"], options.Pupils, new Session(today, SessionPart.AM), sessions);
        results.Add(Report(new ImportResult("binary COPY (reference)", options.Pupils * sessions, copy.Elapsed.TotalSeconds, double.NaN, double.NaN, double.NaN)));
        return results;

        static ImportResult Report(ImportResult result)
        {
            Console.WriteLine(result.Row());
            return result;
        }
    }

    /// <summary>Each pupil's sessions on the given days; one in ten absent (I, N, or H: a pre-2024 code the import maps to C).</summary>
    private static string History(int pupils, List<DateOnly> days)
    {
        var csv = new StringBuilder("UPN,Date,Session,Code\n", pupils * days.Count * 2 * 30);
        for (var pupil = 0; pupil < pupils; pupil++)
        {
            var upn = Testing.GeneratedSchool.Upn(0, pupil);
            var n = 0;
            foreach (var day in days)
            {
                foreach (var (part, present) in new[] { ("AM", "/"), ("PM", "\\") })
                {
                    var code = ((n++ + pupil) % 10) switch { 3 => "I", 6 => "N", 9 => "H", _ => present };
                    csv.Append(upn).Append(',').Append(day.ToString("yyyy-MM-dd")).Append(',').Append(part).Append(',').Append(code).Append('\n');
                }
            }
        }

        return csv.ToString();
    }
}

/// <param name="AcceptedSeconds">Until the file was checked and the job accepted (202).</param>
internal sealed record ImportResult(string System, int Rows, double Seconds, double AcceptedSeconds, double CpuMsPer1000Rows, double ServerMbGrowth) : IResultRow
{
    public const string Header = "system                                  | rows    | seconds | checked and accepted s | rows/s  | server CPU ms per 1,000 rows | server MB growth";

    public string Row() =>
        $"{System,-39} | {Rows,7} | {Seconds,7:F1} | {AcceptedSeconds,22:F1} | {Rows / Seconds,7:F0} | {CpuMsPer1000Rows,28:F0} | {ServerMbGrowth,16:F0}";
}
