using Attendance.Server.Access;
using Microsoft.Playwright;

namespace Attendance.Server.Tests;

/// <summary>
/// Headless Chromium from the machine's packages (Debian's <c>chromium</c>, installed by <c>.ci/run</c>), driven by
/// Playwright for .NET: no browser is downloaded at test time. <c>ATTENDANCE_TEST_CHROMIUM</c> names another binary.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("ATTENDANCE_TEST_CHROMIUM") is { Length: > 0 } path ? path
        : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("No Chromium found: install Debian's 'chromium' package (.ci/run does) or set ATTENDANCE_TEST_CHROMIUM.");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A page signed in as <paramref name="user"/>: the token is in the tab's session storage before any script runs.</summary>
    public Task<IPage> NewPageAs(AttendanceServer server, StaffUser user, BrowserNewPageOptions? options = null) =>
        NewPageWith(server.TokenFor(user), options);

    /// <summary>A page signed in with a token (a staff member's or a parent's).</summary>
    public async Task<IPage> NewPageWith(string token, BrowserNewPageOptions? options = null)
    {
        var page = await Chromium.NewPageAsync(options ?? new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        await page.AddInitScriptAsync($"sessionStorage.setItem('attendance.token', '{token}');");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        playwright?.Dispose();
    }
}
