using Attendance.Grains;
using Attendance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Server.Tests;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 (clients talk HTTP over a socket), with its own Orleans ports, a settable
/// clock at Tuesday 10 November 2026 09:10, no demo school, and PostgreSQL when a connection string is given.
/// </summary>
public sealed class AttendanceServer : WebApplicationFactory<Program>
{
    private readonly string? connectionString;
    private readonly TimeSpan? followUpEvery;
    private readonly int siloPort = Ports.Free();
    private readonly int gatewayPort = Ports.Free();

    /// <param name="followUpEvery">How often follow-up reminders fire (Orleans' default minimum is a minute).</param>
    public AttendanceServer(string? connectionString = null, TimeSpan? followUpEvery = null)
    {
        this.connectionString = connectionString;
        this.followUpEvery = followUpEvery;
        UseKestrel(0);
        StartServer();
    }

    public SettableClock Clock { get; } = new(new DateTimeOffset(2026, 11, 10, 9, 10, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Attendance:SeedDemoSchool", "false");
        builder.UseSetting("Attendance:SiloPort", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Attendance:GatewayPort", gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Attendance:AdvertisedIPAddress", "127.0.0.1");
        builder.UseSetting("Attendance:ServiceId", "attendance-tests");
        if (connectionString is not null)
        {
            builder.UseSetting("ConnectionStrings:Attendance", connectionString);
        }

        if (followUpEvery is { } every)
        {
            builder.UseSetting("FollowUp:CheckEvery", every.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.ConfigureTestServices(services => services.AddKeyedSingleton<TimeProvider>(SchoolClock.Key, Clock));
    }

}
