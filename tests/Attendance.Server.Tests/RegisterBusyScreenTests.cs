using Attendance.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// A teacher submits a register while the school's server is refusing marks (admission control, a surge): the page
/// keeps the register, says the system is busy, and sends it again when the server's Retry-After has passed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class RegisterBusyScreenTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task A_register_refused_while_the_server_is_busy_is_kept_and_sent_again_after_its_Retry_After()
    {
        using var server = new AttendanceServer(settings: new Dictionary<string, string>
        {
            ["Attendance:LoadShedding:InFlight"] = "1",
            ["Attendance:LoadShedding:MaxWait"] = "00:00:00.050",
            ["Attendance:LoadShedding:RetryAfter"] = "00:00:01",
        });
        var school = await new SchoolApi(server.CreateClient()).CreateAsync();
        var busy = await server.Services.GetRequiredService<LoadShedding>().Enter(CancellationToken.None);
        var screen = await Screen.Open(browser, server, TestUsers.Teacher(school.Id, "3B"), $"/register.html?school={school.Id}&class=3B&session=2026-11-10-AM");

        await screen["#all-present"].ClickAsync();
        await screen["#submit"].ClickAsync();

        await Expect(screen["#register-state"]).ToContainTextAsync("The school's system is busy: it will be sent again in a few seconds.");
        Assert.Equal("NotStarted", (string)(await school.Get("/classes/3B/registers/2026-11-10-AM"))["state"]!);
        await screen.AssertAccessible();
        busy!.Dispose();
        await Expect(screen["#register-state"]).ToContainTextAsync("Recorded by the school: submitted by Ms Patel", new() { Timeout = 15000 });
        Assert.Equal("Submitted", (string)(await school.Get("/classes/3B/registers/2026-11-10-AM"))["state"]!);
    }
}
