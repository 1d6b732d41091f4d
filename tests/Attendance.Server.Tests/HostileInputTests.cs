using System.Net;
using Attendance.Server.Hosting;
using Attendance.Testing;

namespace Attendance.Server.Tests;

[Trait(TestCategory.Name, TestCategory.Fast)]
public class HostileInputTests
{
    [Fact]
    public async Task A_flood_of_gate_arrivals_is_limited_per_school_with_a_problem_and_the_refused_ones_record_nothing()
    {
        using var server = new AttendanceServer(settings: new Dictionary<string, string>
        {
            ["Limits:GateArrivalsPerSecond"] = "1",
            ["Limits:GateBurst"] = "2",
        });
        var flooded = await new SchoolApi(server.CreateClient()).CreateAsync();
        var neighbour = await new SchoolApi(server.CreateClient()).CreateAsync();
        var upns = Enumerable.Range(1, 4).Select(n => $"T00000000000{n}").ToList();

        var answers = new List<HttpResponseMessage>();
        foreach (var upn in upns)
        {
            answers.Add(await flooded.Post("/arrivals", new { upn, arrivedAt = "2026-11-10T08:50:00Z" }));
        }

        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var problem = await SchoolApi.Problem(refused[0], HttpStatusCode.TooManyRequests);
        Assert.Equal("urn:attendance:problem:too-many-requests", problem["type"]!.GetValue<string>());
        Assert.Equal("1", refused[0].Headers.RetryAfter?.ToString());
        for (var i = 0; i < upns.Count; i++)
        {
            var history = (await flooded.Get($"/pupils/{upns[i]}/sessions/2026-11-10-AM")).AsArray();
            Assert.Equal(answers[i].IsSuccessStatusCode ? 1 : 0, history.Count);
        }

        // The limit is the flooded school's own: its neighbour's gate still works.
        await SchoolApi.EnsureSuccess(await neighbour.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:50:00Z" }));
    }

    [Fact]
    public async Task Pages_and_answers_carry_the_security_headers()
    {
        using var server = new AttendanceServer();
        foreach (var path in new[] { "/", "/provision.html", "/trust.html", "/js/auth.js", "/api/codes" })
        {
            var response = await server.CreateDefaultClient().GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }

        Assert.Contains("frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy);
        Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy);
    }
}
