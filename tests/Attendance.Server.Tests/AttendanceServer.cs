using Attendance.Server.Access;
using Attendance.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Attendance.Grains.Schools;

namespace Attendance.Server.Tests;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 (clients talk HTTP over a socket), with its own Orleans ports, a settable
/// clock at Tuesday 10 November 2026 09:10, no demo school, and PostgreSQL when a connection string is given.
/// </summary>
public sealed class AttendanceServer : WebApplicationFactory<Program>
{
    private readonly string? connectionString;
    private readonly TimeSpan? followUpEvery;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly Action<IServiceCollection>? services;
    private readonly int siloPort = Ports.Free();
    private readonly int gatewayPort = Ports.Free();

    /// <param name="followUpEvery">How often follow-up reminders fire (Orleans' default minimum is a minute).</param>
    /// <param name="settings">More configuration, e.g. tighter limits.</param>
    /// <param name="services">More test services, e.g. an in-memory trace exporter.</param>
    public AttendanceServer(string? connectionString = null, TimeSpan? followUpEvery = null, IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? services = null)
    {
        this.services = services;
        this.connectionString = connectionString;
        this.followUpEvery = followUpEvery;
        this.settings = settings ?? new Dictionary<string, string>();
        UseKestrel(0);
        StartServer();
    }

    public SettableClock Clock { get; } = new(new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero));

    // The tokens of devices whose network a test has cut: their requests are dropped before anything reads them.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> cutOff = new();

    /// <summary>
    /// Drops (or lets through again) every request carrying this token, its hub connection included: a device with no
    /// network, as the server sees it. Chromium's own offline emulation can let a request through from a page just
    /// reloaded under a service worker, so a test cutting the network does both.
    /// </summary>
    public void CutOff(string token, bool cut)
    {
        if (cut)
        {
            cutOff[token] = 0;
        }
        else
        {
            cutOff.TryRemove(token, out _);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Attendance:SeedDemoSchool", "false");
        builder.UseSetting("Attendance:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Attendance:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Attendance:AdvertisedIPAddress", "127.0.0.1");
        builder.UseSetting("Attendance:ServiceId", "attendance-tests");

        // One development signing key for every test server, so a token works on each silo of a test cluster.
        builder.UseSetting("Authentication:Development:SigningKey", Convert.ToBase64String(new byte[32]));
        if (connectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Attendance", connectionString);
        }

        if (followUpEvery is { } every)
        {
            builder.UseSetting("FollowUp:CheckEvery", every.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddKeyedSingleton<TimeProvider>(SchoolClock.Key, Clock);
            services.AddSingleton<IStartupFilter>(new DropCutOff(cutOff));
            this.services?.Invoke(services);
        });
    }

    /// <summary>
    /// A client that, for each request, signs in as the staff of whatever the URL names: the attendance officer, lead
    /// and senior leader of a school, the staff of a provision, or a trust leader. For tests of behaviour; what each role
    /// may do is tested with real users in <see cref="AccessTests"/>.
    /// </summary>
    public new HttpClient CreateClient() => CreateDefaultClient(new StaffOfTheUrl(this));

    /// <summary>A client signed in as <paramref name="user"/> for every request.</summary>
    public HttpClient ClientAs(StaffUser user)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(user));
        return client;
    }

    /// <summary>A client signed in as a parent for every request.</summary>
    public HttpClient ClientAs(ParentUser parent)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TokenFor(parent));
        return client;
    }

    /// <summary>A client whose token carries exactly these claims (an account the identity provider might send).</summary>
    public HttpClient ClientWith(params System.Security.Claims.Claim[] claims)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", Services.GetRequiredService<DevelopmentSignIn>().Issue(claims));
        return client;
    }

    public Uri Address => CreateDefaultClient().BaseAddress!;

    public string TokenFor(StaffUser user) => Services.GetRequiredService<DevelopmentSignIn>().Issue(user);

    public string TokenFor(ParentUser parent) => Services.GetRequiredService<DevelopmentSignIn>().Issue(parent);

    /// <summary>First in the pipeline: a request from a device whose network is cut never reaches the service.</summary>
    private sealed class DropCutOff(System.Collections.Concurrent.ConcurrentDictionary<string, byte> tokens) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextStep) =>
            {
                var header = context.Request.Headers.Authorization.ToString();
                var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : context.Request.Query["access_token"].ToString();
                if (token.Length > 0 && tokens.ContainsKey(token))
                {
                    context.Abort();
                    return Task.CompletedTask;
                }

                return nextStep(context);
            });
            next(app);
        };
    }

    private sealed class StaffOfTheUrl(AttendanceServer server) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new("Bearer", server.TokenFor(TestUsers.ForPath(request.RequestUri!.AbsolutePath)));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
