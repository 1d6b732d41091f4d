using System.Text.Json;
using System.Text.Json.Serialization;

namespace Attendance.Server.Api;

/// <summary>One JSON shape for the HTTP API and the SignalR hub: enums as names, sessions as 2026-11-23-AM.</summary>
public static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new SessionJsonConverter());
    }
}
