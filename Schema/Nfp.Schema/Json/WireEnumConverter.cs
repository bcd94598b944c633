using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nfp.Schema.Json;

/// <summary>
/// Reads and writes enums by exactly their declared wire names. Written by hand because
/// <see cref="JsonStringEnumConverter"/> also reads comma-separated lists ("provider, consumer" as one
/// value) and padded names, which a contract must refuse.
/// </summary>
internal sealed class WireEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"Expected a {typeof(TEnum).Name} name.");
            }
            try
            {
                return NfpJson.ParseWireName<TEnum>(reader.GetString()!);
            }
            catch (FormatException e)
            {
                throw new JsonException(e.Message, e);
            }
        }

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(NfpJson.WireName(value));

        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Read(ref reader, typeToConvert, options);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WritePropertyName(NfpJson.WireName(value));
    }
}
