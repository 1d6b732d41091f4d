using Microsoft.Extensions.DependencyInjection;
using Attendance.Server.Access;
using Microsoft.Playwright;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>The dashboard as a senior leader sees it: a real page in headless Chromium, updated without reloading.</summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public class DashboardPageTests(ServerFixture fixture, Browser browser) : IClassFixture<ServerFixture>, IClassFixture<Browser>
{
    /// <summary>Where the browser test leaves its screenshots (CI keeps the test output folder).</summary>
    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Marks_posted_over_HTTP_change_the_numbers_on_the_open_page()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        var page = await browser.NewPageAs(fixture.Server, TestUsers.Senior(school.Id));
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(fixture.Server.CreateClient().BaseAddress!, $"/dashboard.html?school={school.Id}").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Assertions.Expect(page.Locator("#school-name")).ToHaveTextAsync("Test Primary");
        await Assertions.Expect(page.Locator("#unmarked")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#classes li")).ToHaveCountAsync(2);

        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000004", arrivedAt = "2026-11-10T09:12:00Z" }));
        await SchoolApi.EnsureSuccess(await school.SubmitRegister("2026-11-10-AM", "/", "N", "/"));

        await Assertions.Expect(page.Locator("#present")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#late")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#unmarked")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("#arrivals-total")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#call-list li")).ToHaveTextAsync(["Oliver Jones (3B)"]);
        await Assertions.Expect(page.Locator("li.class[data-class-id='3B'] .state")).ToHaveTextAsync("Submitted");
        await Assertions.Expect(page.Locator("li.class[data-class-id='3B'] .week")).ToHaveTextAsync("66.7%");
        await Assertions.Expect(page.Locator("li.class[data-class-id='4G'] .week")).ToHaveTextAsync("100.0% ★"); // at or above the 96% target

        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "school-dashboard.png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_lead_sees_an_alert_appear_acknowledges_it_and_records_the_penalty_notice_decision()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await (await new SchoolApi(fixture.Server.CreateClient()).CreateAsync()).WithLowPenaltyThreshold();
        var page = await browser.NewPageAs(fixture.Server, TestUsers.Lead(school.Id), new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1400 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(new Uri(fixture.Server.CreateClient().BaseAddress!, $"/dashboard.html?school={school.Id}").ToString());
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        await Assertions.Expect(page.Locator("#alert-count")).ToHaveTextAsync("0");

        await school.MarkYesterdayUnauthorised("T000000000003");

        var alert = page.Locator("li.alert[data-alert-id='T000000000003-PenaltyNoticeThreshold-1']");
        await Assertions.Expect(alert.Locator(".summary")).ToContainTextAsync("Isla Patel (3B): penalty-notice threshold No → Yes");
        await Assertions.Expect(alert.Locator(".action")).ToContainTextAsync("consider a penalty notice");
        await Assertions.Expect(page.Locator("#alert-count")).ToHaveTextAsync("1");
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "lead-alert.png"), FullPage = true });

        await alert.Locator("button.ack").ClickAsync();
        await Assertions.Expect(alert.Locator(".alert-status")).ToHaveTextAsync("Acknowledged");

        await alert.Locator("button.decide").ClickAsync();
        var dialog = page.Locator("#decision");
        await dialog.Locator("[name=decision]").FillAsync("Meeting with father booked");
        await dialog.Locator("#decision-save").ClickAsync();
        await Assertions.Expect(dialog.Locator("#decision-error")).ToContainTextAsync("rationale"); // refused: no rationale yet

        await dialog.Locator("[name=rationale]").FillAsync("First episode; support plan agreed");
        await dialog.Locator("#decision-save").ClickAsync();
        await Assertions.Expect(page.Locator("#alert-count")).ToHaveTextAsync("0");
        var decided = await school.Get("/alerts/T000000000003-PenaltyNoticeThreshold-1");
        Assert.Equal(("Decided", "First episode; support plan agreed", "Mrs Okafor (Attendance lead)"),
            ((string)decided["status"]!, (string)decided["penaltyNotice"]!["rationale"]!, (string)decided["trail"]!.AsArray()[^1]!["by"]!));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Without_a_token_the_page_offers_the_development_sign_in_and_signs_in_as_the_chosen_user()
    {
        var page = await browser.Chromium.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(fixture.Server.Address, "/trust.html").ToString());
        var dialog = page.Locator("dialog.sign-in");
        await Assertions.Expect(dialog.Locator("h2")).ToHaveTextAsync("Development sign-in");
        await Assertions.Expect(dialog.Locator(".warning")).ToContainTextAsync("For development only");
        await Assertions.Expect(dialog.Locator("button[data-user]")).ToHaveCountAsync(DevelopmentSignIn.Users.Count + DevelopmentSignIn.Parents.Count); // every seeded user: 10 staff, 2 parents
        await Assertions.Expect(dialog.Locator("button[data-user=parent]")).ToHaveTextAsync("Mrs Ahmed: Parent (parent)");
        await dialog.Locator("button[data-user=trust]").ClickAsync();

        await Assertions.Expect(page.Locator("#signed-in")).ToHaveTextAsync("Ms Clarke (trust-leader)");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Live");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_malformed_token_left_in_the_tab_leads_back_to_sign_in()
    {
        var page = await browser.Chromium.NewPageAsync();
        await page.AddInitScriptAsync("if (!sessionStorage.getItem('seen')) { sessionStorage.setItem('seen', '1'); sessionStorage.setItem('attendance.token', 'not-a-token'); }");

        await page.GotoAsync(new Uri(fixture.Server.Address, "/").ToString());

        await Assertions.Expect(page.Locator("dialog.sign-in h2")).ToHaveTextAsync("Development sign-in");
        await page.Locator("dialog.sign-in button[data-user=teacher]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/registers.html"));
    }

    [Fact]
    public async Task An_expired_token_left_in_the_tab_leads_back_to_sign_in_instead_of_retrying_the_live_connection()
    {
        var signIn = fixture.Server.Services.GetRequiredService<DevelopmentSignIn>();
        var now = DateTime.UtcNow;
        var expired = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = DevelopmentSignIn.Issuer,
            Audience = DevelopmentSignIn.Audience,
            Subject = new System.Security.Claims.ClaimsIdentity(TestUsers.Senior("demo").Claims()),
            IssuedAt = now.AddDays(-2),
            NotBefore = now.AddDays(-2),
            Expires = now.AddDays(-1),
            SigningCredentials = new(signIn.Key, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        var page = await browser.Chromium.NewPageAsync();
        await page.AddInitScriptAsync($"if (!sessionStorage.getItem('seen')) {{ sessionStorage.setItem('seen', '1'); sessionStorage.setItem('attendance.token', '{expired}'); }}");

        await page.GotoAsync(new Uri(fixture.Server.Address, "/dashboard.html?school=demo").ToString());

        await Assertions.Expect(page.Locator("dialog.sign-in h2")).ToHaveTextAsync("Development sign-in");
    }

    [Fact]
    public async Task The_trust_view_lists_every_school_with_its_headline_figures()
    {
        fixture.Server.Clock.Now = new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero);
        var school = await new SchoolApi(fixture.Server.CreateClient()).CreateAsync();
        var page = await browser.NewPageAs(fixture.Server, TestUsers.Trust);

        await page.GotoAsync(new Uri(fixture.Server.CreateClient().BaseAddress!, "/trust.html").ToString());
        var row = page.Locator($"tr[data-school-id='{school.Id}']");
        await Assertions.Expect(row.Locator(".unmarked")).ToHaveTextAsync("4");
        await Assertions.Expect(row.Locator("a.by-group")).ToHaveAttributeAsync("href", $"analytics.html?school={school.Id}");

        await SchoolApi.EnsureSuccess(await school.Post("/arrivals", new { upn = "T000000000001", arrivedAt = "2026-11-10T08:55:00Z" }));

        await Assertions.Expect(row.Locator(".present")).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator(".unmarked")).ToHaveTextAsync("3");

        // A school whose policy sends penalty-notice alerts to the trust too: trust leaders see it, read-only.
        await school.WithPolicy(policy =>
        {
            policy["penaltyNoticeSessions"] = 2;
            policy["trustAlerts"] = new System.Text.Json.Nodes.JsonArray("PenaltyNoticeThreshold");
        });
        await school.MarkYesterdayUnauthorised("T000000000004");
        var alert = page.Locator("li.alert[data-alert-id='T000000000004-PenaltyNoticeThreshold-1']");
        await Assertions.Expect(alert.Locator(".summary")).ToContainTextAsync("Noah Brown (4G)");
        await Assertions.Expect(alert.Locator(".buttons")).ToBeHiddenAsync();
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, "trust-dashboard.png"), FullPage = true });
    }
}
