using Attendance.Server.Access;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The real server as its own process with its school clock started at a morning (how the storm runs at any hour):
/// arrivals with no time of their own are marked by that clock, present before the late time and late after it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Cluster)]
public sealed class SchoolClockTests
{
    private static readonly string SigningKey = Convert.ToBase64String(new byte[32]);

    [Theory]
    [InlineData("2026-11-10T08:50:00Z", "/")] // 08:50 in London: before the late time (09:00)
    [InlineData("2026-11-10T09:05:00Z", "L")] // after it, before the register closes (09:30)
    public async Task Arrivals_are_marked_by_the_school_clock_the_server_was_started_with(string start, string code)
    {
        await using var cluster = await LocalCluster.StartAsync(null, 1, new Dictionary<string, string>
        {
            ["Attendance__SchoolClockStart"] = start,
            ["Attendance__SeedDemoSchool"] = "false",
            ["Authentication__Development__SigningKey"] = SigningKey,
        });
        using var http = new HttpClient { BaseAddress = cluster.Silos[0].Address, Timeout = TimeSpan.FromSeconds(30) };
        var school = new SchoolApi(http);
        http.DefaultRequestHeaders.Authorization = new("Bearer",
            new DevelopmentSignIn(Microsoft.Extensions.Options.Options.Create(new SignInOptions { Development = { SigningKey = SigningKey } }), TimeProvider.System)
                .Issue(TestUsers.SchoolStaff(school.Id)));
        await school.CreateAsync();

        var arrived = await school.Post("/arrivals", new { upn = "T000000000001" });

        await SchoolApi.EnsureSuccess(arrived);
        var history = (await school.Get("/pupils/T000000000001/sessions/2026-11-10-AM")).AsArray();
        Assert.Equal(code, Assert.Single(history)!["code"]!.GetValue<string>());
    }
}
