using Attendance.Grains.Schools;

namespace Attendance.Server.Hosting;

/// <summary>The school clock set to a morning (<see cref="AttendanceOptions.SchoolClockStart"/>), for benchmark runs.</summary>
public static class SchoolClockSetup
{
    /// <summary>Why the server will not start: a school clock set to another time outside a developer's machine.</summary>
    public static string? SchoolClockRefusal(this WebApplicationBuilder builder) =>
        Start(builder) is not null && !builder.Environment.IsDevelopment()
            ? $"The server will not start: Attendance__SchoolClockStart sets the school's clock to another time, which is for benchmark and test runs on a developer's machine, and this host runs as '{builder.Environment.EnvironmentName}'. Remove it: the register must record real times."
            : null;

    /// <summary>Registered after the grains' real clock, which it replaces.</summary>
    public static WebApplicationBuilder AddSchoolClock(this WebApplicationBuilder builder)
    {
        if (Start(builder) is { } start)
        {
            builder.Services.AddKeyedSingleton(SchoolClock.Key, SchoolClock.StartingAt(start));
        }

        return builder;
    }

    private static DateTimeOffset? Start(WebApplicationBuilder builder) =>
        builder.Configuration.GetSection(AttendanceOptions.Section).GetValue<DateTimeOffset?>(nameof(AttendanceOptions.SchoolClockStart));
}
