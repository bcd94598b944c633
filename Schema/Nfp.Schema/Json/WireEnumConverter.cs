using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nfp.Schema.Json;

/// <summary>
/// Reads and writes every enum by exactly its declared wire names (<see cref="WireEnumConverter{TEnum}"/>),
/// made for each enum type as it is met: what <see cref="NfpJson.Configure"/> adds. A program compiled ahead
/// of time (the <c>nfp</c> CLI) cannot make the generic type at run time and lists the
/// <see cref="WireEnumConverter{TEnum}"/>s it needs instead.
/// </summary>
internal sealed class WireEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Used only by programs compiled just in time; see the summary.")]
    [UnconditionalSuppressMessage("Trimming", "IL2071", Justification = "Used only by programs compiled just in time; see the summary.")]
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(WireEnumConverter<>).MakeGenericType(typeToConvert))!;
}

/// <summary>
/// Reads and writes <typeparamref name="TEnum"/> by exactly its declared wire names. Written by hand because
/// <see cref="JsonStringEnumConverter"/> also reads comma-separated lists ("provider, consumer" as one
/// value) and padded names, which a contract must refuse.
/// </summary>
public sealed class WireEnumConverter<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
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
