using System.Text;
using System.Text.RegularExpressions;
using Attendance.Grains.Abstractions;
using Attendance.Server.Imports;
using Attendance.Server.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using Attendance.Testing;

namespace Attendance.Server.Tests;

/// <summary>
/// The pages signed in through a real OpenID Connect provider started by the test (OpenIddict): in headless
/// Chromium, a teacher signs in on the provider's login page and lands on their registers, the hub works with the
/// session, sign-out ends it; an account without a school is refused with a page that says why.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Browser)]
public sealed class ProviderSignInTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly string schoolId = $"oidc{Guid.NewGuid():N}"[..12];
    private TestIdentityProvider provider = null!;
    private AttendanceServer server = null!;

    public async Task InitializeAsync()
    {
        // A provider slow to give its metadata: a server's first sign-in then takes longer than the pages' service
        // worker waits for the network (4 s), which once made the browser show its own network error (seen under load).
        provider = await TestIdentityProvider.StartAsync(() => TestIdentityProvider.Accounts(schoolId), metadataDelay: TimeSpan.FromSeconds(5));
        server = new AttendanceServer(settings: new Dictionary<string, string>
        {
            ["Authentication:Authority"] = provider.Address.ToString(),
            ["Authentication:Audience"] = "attendance",
            ["Authentication:ClientId"] = TestIdentityProvider.ClientId,
            ["Authentication:ClientSecret"] = TestIdentityProvider.ClientSecret,
            ["Authentication:RequireHttps"] = "false",
        });

        // No development sign-in here: the school is made through the grains.
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var school = grains.GetGrain<ISchoolGrain>(schoolId);
        Assert.Null((await school.Configure(DemoSchool.Settings(new DateOnly(2026, 11, 10), "Test Primary"))).Rejection);
        var (roster, problems) = await RosterCsv.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(SchoolApi.RosterCsv)), default);
        Assert.Empty(problems);
        Assert.Null((await school.ImportRoster(roster!)).Rejection);
    }

    public async Task DisposeAsync()
    {
        server.Dispose();
        await provider.DisposeAsync();
    }

    private async Task<IPage> SignInAs(string user)
    {
        var page = await (await browser.Chromium.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(new Uri(server.Address, "/").ToString());
        await Screen.Of(page).ServiceWorkerReady(); // as on a device that has opened the pages before
        await page.Locator("#provider-sign-in").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Trust sign-in"); // the provider's own page
        await page.Locator("#user").FillAsync(user);
        await page.Locator("button[type=submit]").ClickAsync();
        return page;
    }

    [Fact]
    public async Task A_teacher_signs_in_at_the_provider_lands_on_their_registers_and_signs_out()
    {
        var page = await SignInAs("patel");
        await Expect(page).ToHaveURLAsync(new Regex($"/registers.html\\?school={schoolId}$"));
        var screen = Screen.Of(page);
        await Expect(page.Locator("#signed-in")).ToHaveTextAsync("Ms Patel (teacher)");
        await Expect(page.Locator("a.register-link").First).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('attendance.token')")); // no token in the browser
        await screen.AssertAccessible();

        // The register page's live feed (the hub) signs in with the same session.
        await page.Locator("a.register-link").First.ClickAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("Live");

        await page.Locator("button.sign-out").ClickAsync();
        await Expect(page.Locator("#provider-sign-in")).ToBeVisibleAsync();
        var me = await page.APIRequest.GetAsync(new Uri(server.Address, "/api/me").ToString());
        Assert.Equal(401, me.Status);
    }

    [Fact]
    public async Task An_account_without_a_school_is_refused_with_a_page_that_says_why()
    {
        var page = await SignInAs("nobody");
        await Expect(page).ToHaveURLAsync(new Regex("/signin-refused.html"));
        await Expect(page.Locator("#reason")).ToContainTextAsync("gave Mr Nobody no school");
        await Screen.Of(page).AssertAccessible();
        var me = await page.APIRequest.GetAsync(new Uri(server.Address, "/api/me").ToString());
        Assert.Equal(401, me.Status);
    }

    [Fact]
    public async Task A_session_cookie_that_cannot_be_read_leads_back_to_sign_in_and_a_cross_site_post_is_refused()
    {
        var context = await browser.Chromium.NewContextAsync();
        await context.AddCookiesAsync([new Cookie { Name = "attendance-session", Value = "not-a-session", Url = server.Address.ToString() }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(server.Address, "/registers.html").ToString());
        await Expect(page.Locator("#provider-sign-in")).ToBeVisibleAsync();

        // Signed in, a POST without the pages' X-CSRF header (what a form on another site would send) is refused.
        var signedIn = await SignInAs("patel");
        var forged = await signedIn.APIRequest.PostAsync(new Uri(server.Address, $"/api/schools/{schoolId}/pupils/T000000000001/marks").ToString(),
            new() { DataObject = new { session = "2026-11-10-AM", code = "/" } });
        Assert.Equal(403, forged.Status);
        Assert.Contains("missing-csrf-header", await forged.TextAsync());
    }
}
