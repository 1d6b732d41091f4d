using Attendance.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Server.Tests;

/// <summary>
/// Who is on site and the emergency roll call in headless Chromium: the office signs a pupil out at its desk, starts a
/// roll call, and watches the missing list shrink as a teacher taps their pupils on a phone (390 px); the teacher's
/// open register is told the roll call has begun.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class SiteScreenTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    private AttendanceServer Server => fixture.Server;

    private static DateTimeOffset At(int hour, int minute) => new(2026, 11, 10, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_office_signs_a_pupil_out_starts_a_roll_call_and_sees_the_missing_list_shrink_as_a_teacher_taps_on_a_phone()
    {
        Server.Clock.Now = At(9, 5);
        var school = await new SchoolApi(Server.CreateClient()).CreateAsync();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "N"));
        Server.Clock.Now = At(10, 0);

        // The desk: Oliver goes home ill, collected by his father.
        var desk = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/site.html?school={school.Id}");
        await Expect(desk["#site-counts"]).ToContainTextAsync("On site: 2");
        await desk["#sign-out-find"].FillAsync("Oliver");
        await desk["#sign-out .results button[data-upn='T000000000002']"].ClickAsync();
        await desk["#sign-out-reason"].SelectOptionAsync("Illness");
        await desk["#sign-out-collected"].FillAsync("Kim Jones, father");
        await desk["#sign-out button[type=submit]"].ClickAsync();
        await Expect(desk["#sign-out-result"]).ToHaveTextAsync("Oliver Jones signed out at 10:00, collected by Kim Jones, father. The afternoon is marked I.");
        await Expect(desk["#site-counts"]).ToContainTextAsync("On site: 1");
        await Expect(desk["#site-counts"]).ToContainTextAsync("Signed out: 1");
        await Expect(desk.Page.Locator("#site tr", new() { HasText = "Oliver Jones" })).ToContainTextAsync("Signed out at 10:00 (illness), collected by Kim Jones, father.");
        await desk.AssertAccessible();
        await desk.Screenshots("site-now");

        // 3B's teacher has the register open on a phone; the office starts the roll call.
        var teacher = await Screen.Open(browser, Server, TestUsers.Teacher(school.Id, "3B"),
            $"/register.html?school={school.Id}&class=3B&session=2026-11-10-AM", width: 390);
        await Expect(teacher["#connection"]).ToHaveTextAsync("Live");
        var office = await Screen.Open(browser, Server, TestUsers.Officer(school.Id), $"/rollcall.html?school={school.Id}");
        await Expect(office["#state"]).ToHaveTextAsync("No roll call under way. Start one and every member of staff sees their pupils to account for.");
        await office["#start"].ClickAsync();
        await Expect(office["#missing-count"]).ToHaveTextAsync("2");
        await Expect(office["#missing"]).ToContainTextAsync("4G. No mark yet today: may not be in");
        await Expect(office["#missing"]).Not.ToContainTextAsync("Oliver");

        var banner = teacher[".roll-call-banner"];
        await Expect(banner).ToHaveTextAsync("Emergency roll call under way. Account for your pupils");
        await teacher.AssertAccessible();
        await teacher.Screenshots("register-roll-call-banner");
        await banner.Locator("a").ClickAsync();

        // The teacher's phone lists their own pupils only; one tap, and the office sees it.
        var millie = teacher["#missing button[data-upn='T000000000001']"];
        await Expect(teacher["#missing-count"]).ToHaveTextAsync("1");
        await Expect(teacher["#start"]).ToBeHiddenAsync();
        await teacher.AssertAccessible();
        await teacher.Screenshots("roll-call-phone");
        await millie.ClickAsync();
        await Expect(teacher["#accounted button[data-upn='T000000000001']"]).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(teacher["#state"]).ToContainTextAsync("Everyone is accounted for (1).");

        await Expect(office["#missing-count"]).ToHaveTextAsync("1");
        await Expect(office["#accounted"]).ToContainTextAsync("Accounted for by Ms Patel at 10:00");
        await Expect(office["#state"]).ToContainTextAsync("1 still to account for, 1 accounted for. Millie Smith accounted for by Ms Patel.");
        await office.AssertAccessible();
        await office.Screenshots("roll-call-office");

        // Ended with Noah still missing (his class had not registered): kept as it stood.
        office.Page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await office["#end"].ClickAsync();
        await Expect(office["#state"]).ToHaveTextAsync("No roll call under way. Start one and every member of staff sees their pupils to account for.");
        await Expect(office["#held"]).ToContainTextAsync("1 of 2 accounted for, ended at 10:00 by Mr Jones.");
        await Expect(teacher["#state"]).ToHaveTextAsync("No roll call under way.");
        await office.AssertAccessible();
    }
}
