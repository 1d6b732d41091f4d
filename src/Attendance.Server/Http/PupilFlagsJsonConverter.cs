using System.Text.Json;
using System.Text.Json.Serialization;
using Attendance.Grains.Abstractions;

namespace Attendance.Server.Http;

/// <summary>
/// A pupil's flags as the API sends them: only the flags that are set, so a flag the reader may not see
/// (<see cref="Access.PupilProjection"/>) is absent rather than a "false" that would say something untrue. Read back,
/// a flag left out is not set.
/// </summary>
public sealed class PupilFlagsJsonConverter : JsonConverter<PupilFlags>
{
    public override PupilFlags Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Flags are an object such as {\"send\": true, \"pupilPremium\": true}.");
        }

        var flags = new PupilFlags();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            var set = reader.TokenType switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw new JsonException($"The flag '{name}' is true or false."),
            };
            flags = name?.ToLowerInvariant() switch
            {
                "pupilpremium" => flags with { PupilPremium = set },
                "send" => flags with { Send = set },
                "hassocialworker" => flags with { HasSocialWorker = set },
                "vulnerable" => flags with { Vulnerable = set },
                _ => throw new JsonException($"There is no flag '{name}': pupilPremium, send, hasSocialWorker, vulnerable."),
            };
        }

        return flags;
    }

    public override void Write(Utf8JsonWriter writer, PupilFlags value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (name, set) in new[] { ("pupilPremium", value.PupilPremium), ("send", value.Send), ("hasSocialWorker", value.HasSocialWorker), ("vulnerable", value.Vulnerable) })
        {
            if (set)
            {
                writer.WriteBoolean(name, true);
            }
        }

        writer.WriteEndObject();
    }
}
