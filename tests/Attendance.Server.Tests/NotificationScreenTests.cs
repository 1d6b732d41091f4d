using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text.Json;
using Attendance.Server.Access;
using Attendance.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Server.Tests;

/// <summary>
/// Notifications turned on from the pages on a phone (390 px, headless Chromium): a parent's for messages from school,
/// and a lead going on duty for truancy alerts. Each notification reaches the test's push service encrypted for the
/// device, and its link opens the page to act on. Chromium's own push registration needs Google's servers, which a
/// test machine cannot reach: only the browser's <c>PushManager</c> is replaced, by one that gives a subscription at
/// the test's push service; everything after it (the page, the server, the Web Push client, the push service) is real.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class NotificationScreenTests(TextAndPushFixture fixture, Browser browser) : IClassFixture<TextAndPushFixture>, IClassFixture<Browser>
{
    private readonly ParentUser jo = new("Jo Smith", $"jo.{Guid.NewGuid():N}@example.org");

    [Fact]
    public async Task A_parent_turns_notifications_on_and_the_first_day_notification_opens_the_absence_report()
    {
        var server = fixture.Server;
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email));
        var device = fixture.Push.Subscribe(fixture.Vapid.Public);
        var parent = await Phone(server.TokenFor(jo), device.Json, "/parent.html");

        var panel = parent["#notify"];
        await Expect(panel.Locator("[role=status]")).ToHaveTextAsync("Notifications are off for this device.");
        await panel.Locator("button").ClickAsync();
        await Expect(panel.Locator("[role=status]")).ToHaveTextAsync("Notifications are on for this device: messages from school arrive here at once.");
        await Expect(panel.Locator("button")).ToHaveTextAsync("Turn notifications off on this device");
        var key = JsonSerializer.Deserialize<int[]>(await parent.Page.EvaluateAsync<string>("() => sessionStorage.getItem('test.push')"))!.Select(b => (byte)b);
        Assert.Equal(Base64Url.DecodeFromChars(fixture.Vapid.Public), key);
        await parent.AssertAccessible();
        await parent.Screenshots("parent-notifications");

        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "N", "/", "/"));
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero);
        var notification = await Notified(device.Endpoint);
        Assert.Equal("Millie is not in school: please tell us why", notification["title"]!.GetValue<string>());

        // Tapped: the page it names opens with Millie's absence report ready for the reason.
        await parent.Page.GotoAsync(new Uri(server.Address, notification["url"]!.GetValue<string>()).ToString());
        var report = parent["section.child details.report"];
        await Expect(report).ToHaveAttributeAsync("open", "");
        await Expect(report.Locator("select[name=reason]")).ToBeFocusedAsync();
        await parent.AssertAccessible();
        await parent.Screenshots("parent-notification-opened");

        await panel.Locator("button").ClickAsync();
        await Expect(panel.Locator("[role=status]")).ToHaveTextAsync("Notifications are off for this device.");
        Assert.Equal(0, JsonDocument.Parse(await server.ClientAs(jo).GetStringAsync("/api/family/devices")).RootElement.GetProperty("devices").GetInt32());
    }

    [Fact]
    public async Task A_lead_goes_on_duty_on_a_phone_and_a_truancy_alert_opens_the_pupils_page()
    {
        var server = fixture.Server;
        var tuesday = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        server.Clock.Now = tuesday;
        var school = await (await new SchoolApi(server.CreateClient()).CreateAsync()).WithTimetable();
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "/", "/"));
        var device = fixture.Push.Subscribe(fixture.Vapid.Public);
        var lead = await Phone(server.TokenFor(TestUsers.Lead(school.Id)), device.Json, $"/dashboard.html?school={school.Id}");

        var duty = lead["#duty"];
        await Expect(duty.Locator("[role=status]")).ToHaveTextAsync("This device is not on duty.");
        await Expect(lead["#on-duty"]).ToHaveTextAsync("No one is on duty with alerts on their phone.");
        await duty.Locator("button").ClickAsync();
        await Expect(duty.Locator("[role=status]")).ToHaveTextAsync("You are on duty: a pupil missing from a lesson while in school reaches this device at once, until midnight.");
        await Expect(lead["#on-duty"]).ToHaveTextAsync("On duty with alerts on their phone: Mrs Okafor (Attendance lead, until 00:00).");
        await lead.AssertAccessible();
        await lead.Screenshots("dashboard-duty");

        server.Clock.Now = tuesday.AddMinutes(35);
        var maths = new { marks = new[] { new { upn = "T000000000001", presence = "Absent" }, new { upn = "T000000000002", presence = "Present" }, new { upn = "T000000000003", presence = "Present" } } };
        await SchoolApi.EnsureSuccess(await server.ClientAs(TestUsers.SubjectTeacher(school.Id, "KHA", "Mr Khan")).PostAsJsonAsync(school.Url("/lessons/2026-11-10/ma/register"), maths));
        var notification = await Notified(device.Endpoint);
        Assert.Equal("Possible truancy: Millie Smith", notification["title"]!.GetValue<string>());

        await lead.Page.GotoAsync(new Uri(server.Address, notification["url"]!.GetValue<string>()).ToString());
        await Expect(lead["h1"]).ToContainTextAsync("Millie Smith");
        await lead.AssertAccessible();
    }

    /// <summary>
    /// A phone signed in, whose browser's push registration gives the test push service's subscription (kept for the
    /// tab in sessionStorage, with the key the page subscribed with), at 390 px in England with notifications allowed.
    /// </summary>
    private async Task<Screen> Phone(string token, object subscription, string path)
    {
        var page = await browser.NewPageWith(token, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 900 }, TimezoneId = "Europe/London" });
        await page.Context.GrantPermissionsAsync(["notifications"]);
        await page.AddInitScriptAsync($$"""
            (() => {
              const subscription = {{JsonSerializer.Serialize(subscription)}};
              const made = key => ({
                endpoint: subscription.endpoint, options: { applicationServerKey: new Uint8Array(key).buffer },
                toJSON: () => subscription, unsubscribe: async () => { sessionStorage.removeItem("test.push"); return true; },
              });
              PushManager.prototype.getSubscription = async () => sessionStorage.getItem("test.push") ? made(JSON.parse(sessionStorage.getItem("test.push"))) : null;
              PushManager.prototype.subscribe = async options => {
                const key = Array.from(new Uint8Array(options.applicationServerKey));
                sessionStorage.setItem("test.push", JSON.stringify(key));
                return made(key);
              };
            })();
            """);
        await page.GotoAsync(new Uri(fixture.Server.Address, path).ToString());
        return Screen.Of(page);
    }

    private async Task<System.Text.Json.Nodes.JsonObject> Notified(string endpoint) =>
        (await Eventually.Until(() => Task.FromResult(fixture.Push.Received(endpoint)), r => r.Count > 0, TimeSpan.FromSeconds(20))).Single();
}
