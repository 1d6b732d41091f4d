using Attendance.Server.Access;
using Microsoft.Playwright;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The provision's page and the referring school's dashboard in headless Chromium, on a no-show morning.</summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class FollowUpPageTests(FollowUpServerFixture fixture, Browser browser) : IClassFixture<FollowUpServerFixture>, IClassFixture<Browser>
{
    [Fact]
    public async Task Provision_staff_see_the_call_at_09_45_record_the_reason_and_the_referring_school_sees_the_absence()
    {
        var http = fixture.Server.CreateClient();
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero);
        var school = await new SchoolApi(http).CreateAsync();
        var provisionId = await ProvisionApi.CreateWithGuestAsync(http, school.Id);
        var errors = new List<string>();
        var provisionPage = await Open($"/provision.html?provision={provisionId}", TestUsers.ProvisionStaff(provisionId), errors);
        var schoolPage = await Open($"/dashboard.html?school={school.Id}", TestUsers.SchoolStaff(school.Id), errors);
        await Assertions.Expect(provisionPage.Locator("#provision-name")).ToHaveTextAsync("The Bridge");
        await Assertions.Expect(provisionPage.Locator("tr[data-upn='T000000000001'] .here")).ToHaveTextAsync("Expected");
        await Assertions.Expect(provisionPage.Locator("#task-count")).ToHaveTextAsync("0");

        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 45, 0, TimeSpan.Zero);

        var task = provisionPage.Locator("li.task.CallParent");
        await Assertions.Expect(task).ToHaveCountAsync(1, new() { Timeout = 15000 });
        await Assertions.Expect(task.Locator(".contact")).ToHaveTextAsync("Call Jo Smith (Mother) 07700 900001");
        await Assertions.Expect(provisionPage.Locator("tr[data-upn='T000000000001'] .here")).ToHaveTextAsync("Not arrived: call parent");
        await Assertions.Expect(schoolPage.Locator("#call-list li")).ToHaveTextAsync(["Millie Smith (3B)"]);
        await provisionPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardPageTests.ScreenshotFolder, "provision-call.png"), FullPage = true });

        await task.Locator("input[name=code]").FillAsync("I");
        await task.Locator("input[name=note]").FillAsync("Tummy bug");
        await task.Locator("button[value=ReasonGiven]").ClickAsync();

        await Assertions.Expect(provisionPage.Locator("#task-count")).ToHaveTextAsync("0");
        await Assertions.Expect(provisionPage.Locator("tr[data-upn='T000000000001'] .here")).ToHaveTextAsync("I");
        await Assertions.Expect(schoolPage.Locator("li.alert.GuestAbsent")).ToHaveCountAsync(1);
        await schoolPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardPageTests.ScreenshotFolder, "referring-school.png"), FullPage = true });
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
    }

    private async Task<IPage> Open(string path, StaffUser user, List<string> errors)
    {
        var page = await browser.NewPageAs(fixture.Server, user);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };
        await page.GotoAsync(new Uri(fixture.Server.CreateClient().BaseAddress!, path).ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        return page;
    }
}
