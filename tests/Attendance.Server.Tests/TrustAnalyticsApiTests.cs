using System.Net;
using System.Text.Json.Nodes;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The trust's pages work for a school that has just been created and has no pupils yet.</summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public class TrustAnalyticsApiTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task A_new_school_with_no_pupils_is_a_line_of_its_own_in_the_trust_table()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var empty = new SchoolApi(fixture.Server.CreateClient());
        await SchoolApi.EnsureSuccess(await empty.Send(HttpMethod.Put, "", SchoolApi.Settings));
        var trust = fixture.Server.ClientAs(TestUsers.Trust);

        var table = JsonNode.Parse(await trust.GetStringAsync("/api/trust/analytics"))!;
        var line = table["schools"]!.AsArray().Single(l => l!["schoolId"]!.GetValue<string>() == empty.Id)!;
        Assert.Equal(0, line["pupils"]!.GetValue<int>());
        Assert.Null(line["attendancePercent"]);

        Assert.Equal(HttpStatusCode.OK, (await trust.GetAsync("/api/trust/analytics.csv")).StatusCode);
        var school = JsonNode.Parse(await trust.GetStringAsync(empty.Url("/analytics")))!;
        Assert.Null(school["wholeSchool"]);
        foreach (var page in new[] { "/analytics.csv", "/analytics/trend.csv", "/analytics/reasons.csv", "/analytics/trend.svg", "/analytics/reasons.svg" })
        {
            Assert.True((await trust.GetAsync(empty.Url(page))).StatusCode == HttpStatusCode.OK, page);
        }

        // No pupils, so no class to chart by: said as a problem, not a failure.
        await SchoolApi.Problem(await trust.GetAsync(empty.Url("/analytics.svg?dimension=Class")), HttpStatusCode.BadRequest);
    }
}
