using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nfp.Schema.Json;

/// <summary>
/// Reads a <c>service_config</c>: a JSON object on the wire — or, as clients sent it before, a JSON string
/// holding one (an empty string is <c>{}</c>). Either way it is kept and written as the object. A string
/// that is not JSON is refused as malformed; a JSON value that is not an object is left for the
/// validator to refuse, naming the field.
/// </summary>
public sealed class ServiceConfigConverter : JsonConverter<JsonElement?>
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    public override bool HandleNull => true;

    public override JsonElement? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        using var document = JsonDocument.ParseValue(ref reader);
        if (document.RootElement.ValueKind != JsonValueKind.String)
        {
            return document.RootElement.Clone();
        }
        var text = document.RootElement.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }
        using var inner = JsonDocument.Parse(text);
        return inner.RootElement.Clone();
    }

    public override void Write(Utf8JsonWriter writer, JsonElement? value, JsonSerializerOptions options)
    {
        if (value is { ValueKind: not JsonValueKind.Undefined } config)
        {
            config.WriteTo(writer);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
