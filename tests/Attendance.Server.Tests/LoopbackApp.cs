using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Attendance.Server.Tests;

/// <summary>A provider's API served in a test: Kestrel on a loopback port it picks itself, quiet, with the routes given.</summary>
public static class LoopbackApp
{
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>The address the app listens on, with a trailing slash.</summary>
    public static Uri Address(this WebApplication app) => new(app.Urls.Single().TrimEnd('/') + "/");
}
