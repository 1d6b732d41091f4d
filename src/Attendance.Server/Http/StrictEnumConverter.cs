using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.Server.Http;

/// <summary>
/// Enums in requests are one of their names, exactly (any case). System.Text.Json's own enum converter also takes a
/// number (<c>"source": 99</c>) or names joined by commas (<c>"Office, Gate"</c>, read as their bitwise sum): values
/// no one can explain, which must never reach the legal register. Those are refused here as malformed input.
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    /// <summary>One of the enum's names, exactly (any case): no numbers, no names joined by commas.</summary>
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        foreach (var name in Enum.GetNames<T>())
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse<T>(name);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>An optional enum in a query string: null when absent, a 400 problem when it is not one of the names.</summary>
    public static ProblemHttpResult? Query<T>(string? text, string parameter, out T? value)
        where T : struct, Enum
    {
        value = null;
        if (text is null)
        {
            return null;
        }

        if (TryParse<T>(text, out var parsed))
        {
            value = parsed;
            return null;
        }

        return Problems.Invalid($"'{text}' is not a {typeof(T).Name} for '{parameter}': use one of {string.Join(", ", Enum.GetNames<T>())}.", parameter);
    }

    private sealed class Converter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T> : JsonConverter<T>
        where T : struct, Enum
    {
        private static readonly string Names = string.Join(", ", Enum.GetNames<T>());

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return TryParse<T>(text, out var value) ? value
                : throw new JsonException($"'{(text ?? reader.TokenType.ToString())}' is not a {typeof(T).Name}: use one of {Names}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Enum.IsDefined(value) ? value.ToString() : throw new JsonException($"{typeof(T).Name} {value} is not defined."));
    }
}
