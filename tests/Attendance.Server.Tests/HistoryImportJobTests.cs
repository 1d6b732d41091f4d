using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Attendance.Testing;
using Xunit.Abstractions;

namespace Attendance.Server.Tests;

/// <summary>
/// Issue 16: a whole school's year from its previous system (1,000 pupils × 300 sessions = 300,000 rows) imported as a
/// job on PostgreSQL, its progress followed as the office page does, every row in the register once, and the same file
/// again changing nothing. The time is printed for docs/BENCHMARKS.md; the test only guards it generously.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Postgres)]
public class HistoryImportJobTests(ITestOutputHelper output)
{
    private const int Pupils = 1000;
    private const int SessionsEach = 300;

    // Last school year, one long term (weekdays only), so that 150 school days lie before the test's today.
    private const string Settings = """
        {
          "name": "Year Import Primary",
          "calendar": { "terms": [ { "name": "2025-26", "start": "2025-09-01", "end": "2026-07-17" } ] },
          "sessionTimes": {
            "am": { "opens": "08:40:00", "lateAfter": "09:00:00", "closes": "09:30:00" },
            "pm": { "opens": "13:00:00", "lateAfter": "13:00:00", "closes": "13:30:00" }
          }
        }
        """;

    private static string Upn(int pupil) => $"Y{pupil:D12}";

    private static string Roster()
    {
        var csv = new StringBuilder("UPN,LegalForename,LegalSurname,DateOfBirth,YearGroup,RegistrationGroup\n");
        for (var pupil = 0; pupil < Pupils; pupil++)
        {
            csv.Append($"{Upn(pupil)},Pupil,{pupil},2017-01-01,4,C{pupil / 30:D2}\n");
        }

        return csv.ToString();
    }

    /// <summary>Each pupil's first 150 school days; one session in ten absent (I, N, or H before 2024, mapped to C).</summary>
    private static (string Csv, Dictionary<string, int> FirstPupil) History()
    {
        var days = new List<DateOnly>();
        for (var day = new DateOnly(2025, 9, 1); days.Count < SessionsEach / 2; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                days.Add(day);
            }
        }

        var csv = new StringBuilder("UPN,Date,Session,Code\n", 12_000_000);
        var first = new Dictionary<string, int>();
        for (var pupil = 0; pupil < Pupils; pupil++)
        {
            var n = 0;
            foreach (var day in days)
            {
                foreach (var (part, present) in new[] { ("AM", "/"), ("PM", "\\") })
                {
                    var (code, category) = ((n++ + pupil) % 10) switch { 3 => ("I", "authorisedAbsence"), 6 => ("N", "unauthorisedAbsence"), 9 => ("H", "authorisedAbsence"), _ => (present, "present") };
                    csv.Append(Upn(pupil)).Append(',').Append(day.ToString("yyyy-MM-dd")).Append(',').Append(part).Append(',').Append(code).Append('\n');
                    if (pupil == 0)
                    {
                        first[category] = first.GetValueOrDefault(category) + 1;
                    }
                }
            }
        }

        return (csv.ToString(), first);
    }

    [Fact]
    public async Task A_whole_years_file_imports_as_a_job_with_its_progress_and_every_row_once()
    {
        var postgres = await PostgresServer.SharedAsync();
        var connectionString = await postgres.CreateDatabaseAsync();
        using var server = new AttendanceServer(connectionString);
        var school = new SchoolApi(server.CreateClient());
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Put, "", Settings));
        await SchoolApi.EnsureSuccess(await school.Send(HttpMethod.Post, "/roster", Roster(), "text/csv"));
        var (history, firstPupil) = History();

        var clock = Stopwatch.StartNew();
        var started = await school.Send(HttpMethod.Post, "/history/jobs", history, "text/csv");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var checkedAfter = clock.Elapsed;
        var answer = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        Assert.Equal((Pupils * SessionsEach, Pupils), (answer["file"]!["rows"]!.GetValue<int>(), answer["file"]!["pupils"]!.GetValue<int>()));
        Assert.Equal(Pupils * SessionsEach / 10, answer["file"]!["mapped"]!["H → C"]!.GetValue<int>());
        var totals = answer["file"]!["totals"]![0]!;
        Assert.Equal(Upn(0), totals["upn"]!.GetValue<string>());
        Assert.Equal(firstPupil, totals["sessions"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>()));
        Assert.Equal("Running", answer["job"]!["status"]!.GetValue<string>());

        var seen = new SortedSet<int>();
        JsonNode job;
        while (true)
        {
            job = JsonNode.Parse(await server.CreateClient().GetStringAsync(started.Headers.Location))!;
            seen.Add(job["pupilsDone"]!.GetValue<int>());
            if (job["status"]!.GetValue<string>() != "Running")
            {
                break;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5), $"The import had done {job["pupilsDone"]} of {Pupils} pupils after 5 minutes.");
            await Task.Delay(250);
        }

        output.WriteLine($"300,000 rows: checked and accepted in {checkedAfter.TotalSeconds:0.0} s, all imported in {clock.Elapsed.TotalSeconds:0.0} s; progress seen: {string.Join(", ", seen)}");
        Assert.Equal(("Done", Pupils, Pupils * SessionsEach, Pupils * SessionsEach, 0), (job["status"]!.GetValue<string>(), job["pupilsDone"]!.GetValue<int>(),
            job["imported"]!.GetValue<int>(), job["rows"]!.GetValue<int>(), job["alreadyInRegister"]!.GetValue<int>()));
        Assert.Contains(seen, done => done > 0 && done < Pupils); // the page had progress to show
        Assert.Equal(Pupils * SessionsEach, await Database.CountRows(connectionString, "attendance_register"));

        // The same file again: checked the same, and nothing imported twice.
        var again = await school.Send(HttpMethod.Post, "/history", history, "text/csv");
        await SchoolApi.EnsureSuccess(again);
        var result = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Equal((0, Pupils * SessionsEach), (result["imported"]!.GetValue<int>(), result["alreadyInRegister"]!.GetValue<int>()));
        Assert.Equal(Pupils * SessionsEach, await Database.CountRows(connectionString, "attendance_register"));
    }

    [Fact]
    public async Task A_job_for_a_file_with_a_refused_row_is_refused_at_once_and_an_unknown_job_is_404()
    {
        using var server = new AttendanceServer();
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();

        var refused = await SchoolApi.Problem(await school.Send(HttpMethod.Post, "/history/jobs", "UPN,Date,Session,Code\nT000000000001,2026-11-05,AM,Q9\n", "text/csv"), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("Line 2:", refused["items"]![0]!.GetValue<string>());
        await SchoolApi.Problem(await server.CreateClient().GetAsync(school.Url("/history/jobs/import-000000000000")), HttpStatusCode.NotFound);
    }
}
