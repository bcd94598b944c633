using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Nfp.Schema.Json;

/// <summary>
/// The JSON Schema (draft 2020-12) of a contract record as NFP's JSON reads it — snake_case fields, the
/// fields without a default required, unknown fields refused, enums by their wire names — with each
/// record's and field's <see cref="DescriptionAttribute"/> and a number's <see cref="RangeAttribute"/>
/// (the limits its validator checks, from the same constants). A vendor publishes its service_config's
/// schema with it (docs/schemas).
/// </summary>
public static class ContractJsonSchema
{
    private static readonly JsonSerializerOptions Options = new(NfpJson.Options) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static JsonObject For(Type contract, string title)
    {
        var schema = Options.GetJsonSchemaAsNode(contract, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        }).AsObject();
        var root = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["title"] = title };
        foreach (var (key, value) in schema.ToList())
        {
            schema.Remove(key);
            root[key] = value;
        }
        return root;
    }

    /// <summary>
    /// Each object's properties are decorated here, from the object's own type info, since the exporter
    /// does not ask about every property (not one whose type a converter of NFP's reads, such as an enum
    /// with a default).
    /// </summary>
    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (schema is not JsonObject node || node["properties"] is not JsonObject properties)
        {
            return schema;
        }
        if (context.Path.IsEmpty && context.TypeInfo.Type.GetCustomAttribute<DescriptionAttribute>() is { } about)
        {
            node.Insert(0, "description", about.Description);
        }
        foreach (var property in context.TypeInfo.Properties)
        {
            var decorated = properties[property.Name] as JsonObject ?? [];
            Decorate(decorated, property);
            properties[property.Name] = decorated;
        }
        return node;
    }

    private static void Decorate(JsonObject node, JsonPropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type.IsEnum)
        {
            // NFP reads enums with a converter of its own, which the exporter cannot see into.
            node["type"] = type == property.PropertyType ? "string" : new JsonArray("string", "null");
            node["enum"] = new JsonArray(type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (JsonNode)f.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()!.Name).ToArray());
        }
        var attributes = property.AttributeProvider;
        if (attributes?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false).FirstOrDefault() is DescriptionAttribute description)
        {
            node.Remove("description");
            node.Insert(0, "description", description.Description);
        }
        if (attributes?.GetCustomAttributes(typeof(PasswordPropertyTextAttribute), inherit: false).FirstOrDefault() is PasswordPropertyTextAttribute { Password: true })
        {
            // A secret (SecretFields): sent, never returned.
            node["writeOnly"] = true;
        }
        if (attributes?.GetCustomAttributes(typeof(RangeAttribute), inherit: false).FirstOrDefault() is RangeAttribute range)
        {
            node["minimum"] = Convert.ToInt64(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
            node["maximum"] = Convert.ToInt64(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
