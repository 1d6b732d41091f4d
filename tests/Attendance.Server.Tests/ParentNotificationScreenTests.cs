using System.Buffers.Text;
using System.Text.Json;
using Attendance.Server.Access;
using Attendance.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Server.Tests;

/// <summary>
/// A parent turns notifications on in the parents' app on a phone (390 px, headless Chromium), the morning register
/// marks their child absent, the notification reaches the test's push service encrypted for the device, and its link
/// opens the absence report form. Chromium's own push registration needs Google's servers, which a test machine
/// cannot reach: only <c>PushManager.subscribe</c> is replaced, by one that gives a subscription at the test's push
/// service; everything after it (the page, the server, the Web Push client, the push service) is real.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class ParentNotificationScreenTests(TextAndPushFixture fixture, Browser browser) : IClassFixture<TextAndPushFixture>, IClassFixture<Browser>
{
    private readonly ParentUser jo = new("Jo Smith", $"jo.{Guid.NewGuid():N}@example.org");

    [Fact]
    public async Task A_parent_turns_notifications_on_and_the_first_day_notification_opens_the_absence_report()
    {
        var server = fixture.Server;
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 8, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(server.CreateClient()).CreateAsync(SchoolApi.RosterWithEmails(jo.Email));
        var device = fixture.Push.Subscribe(fixture.Vapid.Public);

        var page = await browser.NewPageWith(server.TokenFor(jo), new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 900 } });
        await page.Context.GrantPermissionsAsync(["notifications"]);
        await page.AddInitScriptAsync($$"""
            (() => {
              const subscription = {{JsonSerializer.Serialize(device.Json)}};
              const made = () => ({ endpoint: subscription.endpoint, toJSON: () => subscription, unsubscribe: async () => { sessionStorage.removeItem("test.push"); return true; } });
              PushManager.prototype.getSubscription = async () => sessionStorage.getItem("test.push") ? made() : null;
              PushManager.prototype.subscribe = async options => {
                sessionStorage.setItem("test.push", JSON.stringify(Array.from(new Uint8Array(options.applicationServerKey))));
                return made();
              };
            })();
            """);
        await page.GotoAsync(new Uri(server.Address, "/parent.html").ToString());
        var parent = Screen.Of(page);

        var panel = parent["#notify"];
        await Expect(panel.Locator("[role=status]")).ToHaveTextAsync("Notifications are off for this device.");
        await panel.Locator("button").ClickAsync();
        await Expect(panel.Locator("[role=status]")).ToHaveTextAsync("Notifications are on for this device: messages from school arrive here at once.");
        await Expect(panel.Locator("button")).ToHaveTextAsync("Turn notifications off on this device");
        var key = JsonSerializer.Deserialize<int[]>(await page.EvaluateAsync<string>("() => sessionStorage.getItem('test.push')"))!.Select(b => (byte)b);
        Assert.Equal(Base64Url.DecodeFromChars(fixture.Vapid.Public), key);
        await parent.AssertAccessible();
        await parent.Screenshots("parent-notifications");

        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "N", "/", "/"));
        server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 30, 0, TimeSpan.Zero);
        var notification = (await Eventually.Until(() => Task.FromResult(fixture.Push.Received(device.Endpoint)), r => r.Count > 0, TimeSpan.FromSeconds(20))).Single();
        Assert.Equal("Millie is not in school: please tell us why", notification["title"]!.GetValue<string>());

        // Tapped: the page it names opens with Millie's absence report ready for the reason.
        await page.GotoAsync(new Uri(server.Address, notification["url"]!.GetValue<string>()).ToString());
        var report = parent["section.child details.report"];
        await Expect(report).ToHaveAttributeAsync("open", "");
        await Expect(report.Locator("select[name=reason]")).ToBeFocusedAsync();
        await parent.AssertAccessible();
        await parent.Screenshots("parent-notification-opened");

        await panel.Locator("button").ClickAsync();
        await Expect(panel.Locator("[role=status]")).ToHaveTextAsync("Notifications are off for this device.");
        Assert.Equal(0, JsonDocument.Parse(await server.ClientAs(jo).GetStringAsync("/api/family/devices")).RootElement.GetProperty("devices").GetInt32());
    }
}
