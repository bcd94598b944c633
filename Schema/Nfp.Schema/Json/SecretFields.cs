using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Nfp.Schema.Json;

/// <summary>
/// The secret fields of a config — those its record marks <c>[PasswordPropertyText(true)]</c>, as a VPN
/// connection's pre-shared key — which are written but never read back: a view shows <see cref="Placeholder"/>
/// in their place, and a write that carries the placeholder keeps the value stored at the same place (a list's
/// items matched by their <c>name</c> when they have one, else by position). Found through the record's JSON
/// contract (<see cref="NfpJson.Options"/>), so a field is known by its wire name wherever it is nested.
/// </summary>
public static class SecretFields
{
    /// <summary>NFP's wire conventions, read-only so that a type's contract can be asked for before anything is serialized.</summary>
    private static readonly JsonSerializerOptions Contract = ReadOnly(NfpJson.Configure(new JsonSerializerOptions { TypeInfoResolver = new DefaultJsonTypeInfoResolver() }));

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly();
        return options;
    }

    /// <summary>What a view shows for a secret value, and what a write gives to keep the stored one.</summary>
    public const string Placeholder = "********";

    /// <summary>A copy of <paramref name="config"/> (read as <paramref name="type"/>) with every secret string replaced by <see cref="Placeholder"/>.</summary>
    public static JsonElement Redacted(JsonElement config, Type type)
    {
        var node = Tree(config);
        Walk(node, null, type, (parent, key, _) => parent[key] = Placeholder);
        return JsonSerializer.SerializeToElement(node, NfpJson.Options);
    }

    /// <summary>
    /// <paramref name="config"/> with each <see cref="Placeholder"/> in a secret field replaced by the value at the
    /// same place in <paramref name="stored"/>; a placeholder with nothing there stays (and <see cref="Placeholders"/> names it).
    /// </summary>
    public static JsonElement Restored(JsonElement config, JsonElement stored, Type type)
    {
        var node = Tree(config);
        Walk(node, Tree(stored), type, (parent, key, before) =>
        {
            if (parent[key]?.GetValueKind() == JsonValueKind.String && parent[key]!.GetValue<string>() == Placeholder
                && before?.GetValueKind() == JsonValueKind.String)
            {
                parent[key] = before.GetValue<string>();
            }
        });
        return JsonSerializer.SerializeToElement(node, NfpJson.Options);
    }

    /// <summary>The paths (<c>site_connections[0].psk</c>) of the secret fields of <paramref name="config"/> that hold <see cref="Placeholder"/>.</summary>
    public static IReadOnlyList<string> Placeholders(JsonElement config, Type type)
    {
        var found = new List<string>();
        Walk(Tree(config), null, type, (parent, key, _) =>
        {
            if (parent[key]?.GetValueKind() == JsonValueKind.String && parent[key]!.GetValue<string>() == Placeholder)
            {
                found.Add(parent[key]!.GetPath()[2..]);
            }
        });
        return found;
    }

    /// <summary>
    /// <paramref name="element"/> as a tree to change, a field given twice taking its last value as the config is
    /// read (<see cref="JsonNode.Parse(string, JsonNodeOptions?, JsonDocumentOptions)"/> would throw on it).
    /// </summary>
    private static JsonNode? Tree(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(new JsonObject(), (tree, field) =>
        {
            tree[field.Name] = Tree(field.Value);
            return tree;
        }),
        JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select(Tree).ToArray()),
        _ => JsonValue.Create(element),
    };

    /// <summary>Calls <paramref name="visit"/> for each secret string field of <paramref name="node"/>, with what <paramref name="stored"/> has at its place.</summary>
    private static void Walk(JsonNode? node, JsonNode? stored, Type type, Action<JsonObject, string, JsonNode?> visit)
    {
        var info = Contract.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object when node is JsonObject obj:
                foreach (var property in info.Properties)
                {
                    if (!obj.TryGetPropertyValue(property.Name, out var value) || value is null)
                    {
                        continue;
                    }
                    var before = (stored as JsonObject)?[property.Name];
                    if (IsSecret(property))
                    {
                        if (value.GetValueKind() == JsonValueKind.String)
                        {
                            visit(obj, property.Name, before);
                        }
                        continue;
                    }
                    Walk(value, before, property.PropertyType, visit);
                }
                break;
            case JsonTypeInfoKind.Enumerable when node is JsonArray array && info.ElementType is { } element:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], Counterpart(array[i], stored as JsonArray, i), element, visit);
                }
                break;
        }
    }

    /// <summary>The stored item <paramref name="item"/> stands for: the one of the same <c>name</c>, or, without names, the one at the same position.</summary>
    private static JsonNode? Counterpart(JsonNode? item, JsonArray? stored, int index)
    {
        if (stored is null)
        {
            return null;
        }
        if (item is JsonObject named && named["name"]?.GetValueKind() == JsonValueKind.String)
        {
            var name = named["name"]!.GetValue<string>();
            return stored.FirstOrDefault(s => s is JsonObject o && o["name"]?.GetValueKind() == JsonValueKind.String && o["name"]!.GetValue<string>() == name);
        }
        return index < stored.Count ? stored[index] : null;
    }

    private static bool IsSecret(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(PasswordPropertyTextAttribute), inherit: false)
            .OfType<PasswordPropertyTextAttribute>().Any(a => a.Password) == true;
}
