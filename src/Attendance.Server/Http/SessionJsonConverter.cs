using System.Text.Json;
using System.Text.Json.Serialization;
using Attendance.Domain;

namespace Attendance.Server.Http;

/// <summary>Sessions travel in the API as <c>"2026-11-23-AM"</c>, the same form as in URLs.</summary>
public sealed class SessionJsonConverter : JsonConverter<Session>
{
    public override Session Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Session.TryParse(reader.GetString(), out var session)
            ? session
            : throw new JsonException($"'{reader.GetString()}' is not a session: use the form 2026-11-23-AM or 2026-11-23-PM.");

    public override void Write(Utf8JsonWriter writer, Session value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
