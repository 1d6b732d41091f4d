using System.Diagnostics;

namespace Attendance.Grains.Hosting;

/// <summary>
/// The service's own spans in a mark's trace, beside ASP.NET Core's, Orleans' grain calls and Npgsql's: the append to
/// the pupil's register and the push to dashboards. Starting one costs nothing when no listener is attached.
/// </summary>
public static class AttendanceTracing
{
    public const string SourceName = "Attendance";

    public static ActivitySource Source { get; } = new(SourceName);
}
