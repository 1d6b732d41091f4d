using System.Net;
using Attendance.Server.Access;
using Attendance.Testing;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Server.Tests;

/// <summary>
/// The pages' session with the trust's identity provider (a real OpenID Connect provider in the test), reached through
/// a TLS-terminating proxy as in a deployment: the cookie is Secure, a session ends at its maximum lifetime however
/// much it is used, sign-in returns only to this site, and other sites cannot sign staff out, post with the session or
/// open the live feed with it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class SessionSecurityTests : IAsyncLifetime
{
    private readonly SettableClock sessionClock = new(new DateTimeOffset(2026, 11, 10, 7, 30, 0, TimeSpan.Zero));
    private TestIdentityProvider provider = null!;
    private AttendanceServer server = null!;

    public async Task InitializeAsync()
    {
        provider = await TestIdentityProvider.StartAsync(() => TestIdentityProvider.Accounts("demo"));
        server = new AttendanceServer(
            settings: new Dictionary<string, string>
            {
                ["Authentication:Authority"] = provider.Address.ToString(),
                ["Authentication:Audience"] = "attendance",
                ["Authentication:ClientId"] = TestIdentityProvider.ClientId,
                ["Authentication:ClientSecret"] = TestIdentityProvider.ClientSecret,
                ["Authentication:RequireHttps"] = "false", // the provider is on plain HTTP; the pages are behind the proxy's TLS
            },
            services: services => services.PostConfigure<CookieAuthenticationOptions>(PageSignIn.Cookie, cookie => cookie.TimeProvider = sessionClock));
    }

    public async Task DisposeAsync()
    {
        server.Dispose();
        await provider.DisposeAsync();
    }

    [Fact]
    public async Task Behind_a_TLS_proxy_the_session_cookie_is_Secure_and_HttpOnly()
    {
        using var browser = new ProxiedBrowser(server.Address);
        var landed = await browser.SignInAsync("patel");

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        var session = Assert.Single(browser.SetCookies, c => c.StartsWith(PageSignIn.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("; secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_session_in_use_all_day_ends_at_its_maximum_lifetime()
    {
        using var browser = new ProxiedBrowser(server.Address);
        await browser.SignInAsync("patel");

        // Used every hour (never idle for the 8 h idle timeout): still signed in at 11 h 59, signed out at 12 h.
        for (var hour = 1; hour < 12; hour++)
        {
            sessionClock.Now += TimeSpan.FromHours(1);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        }

        sessionClock.Now += TimeSpan.FromMinutes(59);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);
        sessionClock.Now += TimeSpan.FromMinutes(1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Theory]
    [InlineData("/\\evil.example")] // what /signin?returnUrl=/%5Cevil.example arrives as: browsers read /\ as //
    [InlineData("//evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("~//evil.example")]
    public async Task Sign_in_returns_only_to_this_site(string returnUrl)
    {
        Assert.Equal("/", PageSignIn.LocalReturnUrl(returnUrl));
        using var browser = new ProxiedBrowser(server.Address);
        var landed = await browser.SignInAsync("patel", returnUrl);
        Assert.Equal(browser.Site.Authority, landed.RequestMessage!.RequestUri!.Authority);
        Assert.Equal("/", landed.RequestMessage.RequestUri.AbsolutePath);
    }

    [Theory]
    [InlineData("/registers.html?school=demo")]
    [InlineData("/pupil.html?school=demo&upn=T000000000001")]
    public void A_page_of_this_site_is_where_sign_in_returns(string returnUrl) => Assert.Equal(returnUrl, PageSignIn.LocalReturnUrl(returnUrl));

    [Fact]
    public async Task A_parent_whose_email_the_provider_has_not_confirmed_is_refused_at_sign_in_saying_why()
    {
        using var browser = new ProxiedBrowser(server.Address);
        var landed = await browser.SignInAsync("unconfirmed");
        Assert.Equal("/signin-refused.html", landed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("did not confirm your e-mail address", Uri.UnescapeDataString(landed.RequestMessage.RequestUri.Query));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Another_site_cannot_sign_staff_out_post_with_their_session_or_open_the_live_feed()
    {
        using var browser = new ProxiedBrowser(server.Address);
        await browser.SignInAsync("patel");

        // A link or image on another site: refused, and the session goes on.
        var signOut = await browser.GetAsync("/signout", new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" });
        Assert.Equal(HttpStatusCode.Forbidden, signOut.StatusCode);
        Assert.Contains("cross-site-request", await signOut.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/me")).StatusCode);

        // A form on another site posting to the hub (outside /api) with the session: no X-CSRF header, refused.
        var posted = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(browser.Site, "/hubs/attendance/negotiate?negotiateVersion=1")));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Contains("missing-csrf-header", await posted.Content.ReadAsStringAsync());

        // Another site's page opening the live feed with the session (a WebSocket carries the cookie and the page's Origin).
        var feed = await browser.GetAsync("/hubs/attendance", new Dictionary<string, string> { ["Origin"] = "https://evil.example" });
        Assert.Equal(HttpStatusCode.Forbidden, feed.StatusCode);
        Assert.Contains("cross-site-request", await feed.Content.ReadAsStringAsync());
        var ours = await browser.GetAsync("/hubs/attendance", new Dictionary<string, string> { ["Origin"] = browser.Site.GetLeftPart(UriPartial.Authority) });
        Assert.NotEqual(HttpStatusCode.Forbidden, ours.StatusCode);

        // This site's own sign-out link works.
        await browser.GetAsync("/signout", new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/me")).StatusCode);
    }
}
