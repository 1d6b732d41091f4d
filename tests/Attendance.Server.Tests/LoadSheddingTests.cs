using System.Diagnostics;
using System.Net;
using Attendance.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// Load shedding on the marking endpoints (issue 18, overload): the test takes the silo's only turn itself, so
/// whether a request waits, is let through or is shed does not depend on the machine's speed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class LoadSheddingTests
{
    private static readonly string[] Upns = ["T000000000001", "T000000000002", "T000000000003", "T000000000004"];

    // Every school day of the test calendar up to this morning (2 November is a closure): 13 sessions per pupil.
    private static readonly string[] Sessions =
    [
        .. new[] { 3, 4, 5, 6, 9 }.SelectMany(day => new[] { $"2026-11-{day:00}-AM", $"2026-11-{day:00}-PM" }),
        "2026-11-10-AM",
    ];

    private static AttendanceServer Server(string maxWait, int queueLimit = 100) => new(settings: new Dictionary<string, string>
    {
        ["Attendance:LoadShedding:InFlight"] = "1",
        ["Attendance:LoadShedding:MaxWait"] = maxWait,
        ["Attendance:LoadShedding:QueueLimit"] = queueLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Attendance:LoadShedding:RetryAfter"] = "00:00:01",
    });

    [Fact]
    public async Task A_mark_waits_its_turn_up_to_the_limit_and_is_then_refused_with_a_problem_that_changed_nothing()
    {
        using var server = Server("00:00:00.400");
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var shedding = server.Services.GetRequiredService<LoadShedding>();

        // Busy for longer than the wait: refused after about the wait, not left hanging.
        var busy = await shedding.Enter(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var refused = await school.Post($"/pupils/{Upns[0]}/marks", new { session = "2026-11-09-AM", code = "/" });
        var waited = clock.Elapsed;
        var problem = await SchoolApi.Problem(refused, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:attendance:problem:marking-busy", problem["type"]!.GetValue<string>());
        Assert.Contains("Nothing was recorded", problem["detail"]!.GetValue<string>());
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        Assert.InRange(waited, TimeSpan.FromMilliseconds(390), TimeSpan.FromSeconds(5));
        Assert.Empty((await school.Get($"/pupils/{Upns[0]}/sessions/2026-11-09-AM")).AsArray());

        // Busy for less than the wait: the mark waits its turn and is recorded.
        var waiting = school.Post($"/pupils/{Upns[0]}/marks", new { session = "2026-11-09-AM", code = "/" });
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted);
        busy!.Dispose();
        await SchoolApi.EnsureSuccess(await waiting);
        Assert.Single((await school.Get($"/pupils/{Upns[0]}/sessions/2026-11-09-AM")).AsArray());

        // Reads are never held back by marking.
        using var held = await shedding.Enter(CancellationToken.None);
        Assert.Single((await school.Get($"/pupils/{Upns[0]}/sessions/2026-11-09-AM")).AsArray());
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once()
    {
        using var server = Server("00:00:30", queueLimit: 0);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        using var busy = await server.Services.GetRequiredService<LoadShedding>().Enter(CancellationToken.None);

        var clock = Stopwatch.StartNew();
        var refused = await school.Post("/arrivals", new { upn = Upns[1], arrivedAt = "2026-11-10T08:50:00Z" });

        await SchoolApi.Problem(refused, HttpStatusCode.ServiceUnavailable);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10)); // far below the 30 s wait it would otherwise get
        Assert.Empty((await school.Get($"/pupils/{Upns[1]}/sessions/2026-11-10-AM")).AsArray());
    }

    [Fact]
    public async Task Under_a_flood_clients_that_send_again_after_a_refusal_get_every_mark_in_exactly_once()
    {
        using var server = Server("00:00:00.050", queueLimit: 4);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var shedding = server.Services.GetRequiredService<LoadShedding>();
        var marks = Upns.SelectMany(upn => Sessions.Select(session => (upn, session))).ToList();
        var refused = new System.Collections.Concurrent.ConcurrentDictionary<(string, string), int>();

        // The silo stays busy until every mark has been refused at least once; after that the clients' retries race.
        var busy = await shedding.Enter(CancellationToken.None);
        var sending = marks.Select(async mark =>
        {
            while (true)
            {
                using var answer = await school.Post($"/pupils/{mark.upn}/marks", new { mark.session, code = mark.session.EndsWith("AM", StringComparison.Ordinal) ? "/" : "\\" });
                if (answer.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    await SchoolApi.EnsureSuccess(answer);
                    return;
                }

                refused.AddOrUpdate(mark, 1, (_, n) => n + 1);
                await Task.Delay(TimeSpan.FromMilliseconds(50 + Random.Shared.Next(200)));
            }
        }).ToList();
        var clock = Stopwatch.StartNew();
        while (refused.Count < marks.Count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"{refused.Count} of {marks.Count} marks were refused while the silo was busy");
            await Task.Delay(20);
        }

        busy!.Dispose();
        await Task.WhenAll(sending).WaitAsync(TimeSpan.FromMinutes(2));

        foreach (var (upn, session) in marks)
        {
            Assert.Single((await school.Get($"/pupils/{upn}/sessions/{session}")).AsArray());
        }
    }

    [Fact]
    public void The_sections_former_name_still_counts_and_the_new_one_wins()
    {
        using var former = new AttendanceServer(settings: new Dictionary<string, string> { ["Attendance:Admission:InFlight"] = "7" });
        Assert.Equal(7, former.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoadSheddingOptions>>().Value.InFlight);
        using var both = new AttendanceServer(settings: new Dictionary<string, string> { ["Attendance:Admission:InFlight"] = "7", ["Attendance:LoadShedding:InFlight"] = "9" });
        Assert.Equal(9, both.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LoadSheddingOptions>>().Value.InFlight);
    }
}
