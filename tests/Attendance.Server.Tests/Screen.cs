using Attendance.Server.Access;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Attendance.Server.Tests;

/// <summary>A staff screen open in headless Chromium: its errors collected, axe-core run on it, screenshots saved.</summary>
public sealed class Screen
{
    private readonly List<string> errors = [];

    // Cuts (or restores) this screen's requests at the server too; null for a page signed in some other way.
    private Action<bool>? cutAtServer;

    /// <summary>A page already open (signed in some other way, e.g. through the identity provider).</summary>
    public static Screen Of(IPage page) => new(page);

    private Screen(IPage page)
    {
        Page = page;
        page.PageError += (_, error) => errors.Add(error);
    }

    public IPage Page { get; }

    public ILocator this[string selector] => Page.Locator(selector);

    public static Task<Screen> Open(Browser browser, AttendanceServer server, StaffUser user, string path, int width = 1400) =>
        Open(browser, server, server.TokenFor(user), path, width);

    public static Task<Screen> Open(Browser browser, AttendanceServer server, ParentUser parent, string path, int width = 1400) =>
        Open(browser, server, server.TokenFor(parent), path, width);

    private static async Task<Screen> Open(Browser browser, AttendanceServer server, string token, string path, int width)
    {
        var screen = new Screen(await browser.NewPageWith(token, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = 1000 } }))
        {
            cutAtServer = cut => server.CutOff(token, cut),
        };
        await screen.Page.GotoAsync(new Uri(server.Address, path).ToString());
        return screen;
    }

    /// <summary>
    /// Waits until the page is controlled by the service worker (the app shell is cached), polling from outside the
    /// page: the pages' Content-Security-Policy forbids the eval that Playwright's WaitForFunction uses.
    /// </summary>
    public async Task ServiceWorkerReady()
    {
        for (var tries = 0; !await Page.EvaluateAsync<bool>("() => navigator.serviceWorker.controller !== null"); tries++)
        {
            Assert.True(tries < 100, "The service worker never took control of the page.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Cuts the network (or restores it): the browser goes offline, every API request is refused at the browser, and
    /// the server drops this screen's requests (its token's), since Chromium's offline emulation can miss a request
    /// made by a freshly reloaded page that a service worker controls (seen here: a submission sent on reload while
    /// "offline"). Restored, the routes go before the browser comes back online, so the page's first resend is not
    /// refused at the browser.
    /// </summary>
    public async Task NetworkCut(bool cut)
    {
        cutAtServer?.Invoke(cut);
        if (cut)
        {
            await Page.Context.SetOfflineAsync(true);
            await Page.Context.RouteAsync("**/api/**", route => route.AbortAsync("internetdisconnected"));
        }
        else
        {
            await Page.Context.UnrouteAsync("**/api/**");
            await Page.Context.SetOfflineAsync(false);
        }
    }

    /// <summary>No WCAG 2.2 A/AA violation on the page as it is now (axe-core), and no script error so far.</summary>
    public async Task AssertAccessible()
    {
        var result = await Page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        });
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
        Assert.Empty(errors);
    }

    /// <summary>Full-page screenshots at a desktop (1400 px) and a phone (390 px) width.</summary>
    public async Task Screenshots(string name)
    {
        Directory.CreateDirectory(DashboardPageTests.ScreenshotFolder);
        var size = Page.ViewportSize!;
        foreach (var width in new[] { 1400, 390 })
        {
            await Page.SetViewportSizeAsync(width, 900);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardPageTests.ScreenshotFolder, $"{name}-{width}.png"), FullPage = true });
        }

        await Page.SetViewportSizeAsync(size.Width, size.Height);
    }
}
