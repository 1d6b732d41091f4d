using System.Text.Json;

namespace Attendance.Server.Http;

/// <summary>
/// One JSON shape for the HTTP API and the SignalR hub: enums as their names only (see <see cref="StrictEnumConverter"/>),
/// sessions as 2026-11-23-AM, a pupil's flags as only those set.
/// </summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new StrictEnumConverter());
        options.Converters.Add(new SessionJsonConverter());
        options.Converters.Add(new PupilFlagsJsonConverter());
    }
}
