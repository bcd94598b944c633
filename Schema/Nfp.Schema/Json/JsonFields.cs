using System.Text.Json;

namespace Nfp.Schema.Json;

/// <summary>What a JSON value says about its own fields, beyond what a contract reads of it.</summary>
public static class JsonFields
{
    /// <summary>
    /// The path (<c>site_connections[0].psk</c>) of the first field an object of <paramref name="json"/> names a
    /// second time, or null when none does. JSON allows it, and readers differ: System.Text.Json's
    /// deserializer takes the last, <see cref="System.Text.Json.Nodes.JsonNode"/> throws.
    /// </summary>
    public static string? Repeated(JsonElement json) => Repeated(json, "");

    private static string? Repeated(JsonElement json, string path)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var field in json.EnumerateObject())
                {
                    var at = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
                    if (!seen.Add(field.Name))
                    {
                        return at;
                    }
                    if (Repeated(field.Value, at) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in json.EnumerateArray())
                {
                    if (Repeated(item, $"{path}[{index++}]") is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            default:
                return null;
        }
    }
}
