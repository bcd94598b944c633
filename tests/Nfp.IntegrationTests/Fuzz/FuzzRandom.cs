using System.Text;
using System.Text.Json.Nodes;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// The fuzzers' one source of inputs: a seeded <see cref="Random"/>, so that a failure reproduces from the
/// seed its test prints, and the values that break parsers — NUL, percent-encodings, unicode, huge
/// strings, numeric edge cases, UUID look-alikes, injections — as text, as JSON and as mutations of JSON.
/// </summary>
internal sealed class FuzzRandom(int seed)
{
    private readonly Random _random = new(seed);

    public int Seed => seed;

    private static readonly string[] Nasty =
    [
        "", " ", "\0", "a\0b", "%00", "%", "%zz", "%2e%2e%2f", "%252e", "../../etc/passwd", "..", ".", "//", "\\", "\t", "\u007f",
        "é", "日本語", "💥", "\u202Egnp.exe", "\uFEFF", "e\u0301", "𝕏", "\uFFFF", "\uFFFD",
        "null", "true", "false", "[]", "{}", "-1", "0", "-0", "1e309", "NaN", "Infinity", "2147483648", "-2147483649",
        "9223372036854775808", "0x10", "1.5", " 1", "+1", "1_000",
        "00000000-0000-0000-0000-000000000000", "{6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f}", "6F1C2D3E4B5A4C6D8E7F9A0B1C2D3E4F",
        "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4", "(6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f)",
        "' OR '1'='1", "'; DROP TABLE network_services; --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/x}", "%s%s%s%n", "{{7*7}}",
        "asc", "desc", "ACTIVE", "PENDING_CREATE", "DELETED", "ERROR", "loadbalancer", "haproxy", "admin", "member", "reader",
        "id:asc", "created_at:desc,id", "name:sideways", ":", ",", "a:b:c", "id,name", "*", "10.0.0.0/24", "10.0.0.300", "::1", "fe80::1%eth0",
    ];

    /// <summary>Names the contracts use, so that random objects hit real fields too.</summary>
    public static readonly string[] FieldNames =
    [
        "id", "tenant_id", "service_id", "service_profile", "service_type", "service_vendor", "allow_sharing", "topology", "port_info",
        "port_policy", "port_classification", "port_type", "network", "ip_address", "name", "description", "service_chain_id",
        "service_config", "policy_targets", "policy_target", "policy_target_group_id", "consumer_ptg", "subnet_cidrs",
        "chain_parameters", "network_service_id", "nsd_id", "role", "expires_in_seconds", "services", "devices", "ports", "limit",
        "marker", "provisioning_status", "operating_status", "listener", "pool", "rules", "routes", "info", "config", "context",
        "resource", "resource_data", "requester", "operation_id", "message", "message_type", "request_id", "fields", "sort",
    ];

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public int Int(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public T OneOf<T>(params T[] items) => items[_random.Next(items.Length)];

    public Guid Guid()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// A string to break a parser with; <paramref name="maxLength"/> bounds the huge ones (a URI holds at
    /// most 65,519 characters, a body far more).
    /// </summary>
    public string Text(int maxLength = 30_000) => Int(0, 12) switch
    {
        0 => new string(OneOf('A', 'é', '\0', '%', ' '), Int(maxLength / 4, maxLength)),
        1 => Unicode(Int(1, 40)),
        2 => MangledGuid(),
        3 => Guid().ToString(),
        _ => Pick(Nasty),
    };

    /// <summary>A UUID with one character changed, dropped or added.</summary>
    public string MangledGuid()
    {
        var text = Guid().ToString();
        var at = Int(0, text.Length);
        return Int(0, 3) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, OneOf("0", "-", "g", "\0", " ")),
            _ => text[..at] + OneOf('z', '-', 'G', '%') + text[(at + 1)..],
        };
    }

    /// <summary>Random code points of every plane but the surrogates (which a URI or UTF-8 cannot carry alone).</summary>
    public string Unicode(int length)
    {
        var text = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var codePoint = OneOf(0, 1, 2) switch
            {
                0 => Int(0, 0x80),
                1 => Int(0x80, 0xD800),
                _ => Int(0xE000, 0x10FFFF),
            };
            text.Append(char.ConvertFromUtf32(codePoint));
        }
        return text.ToString();
    }

    /// <summary>A random JSON value, at most <paramref name="depth"/> deep.</summary>
    public JsonNode? Json(int depth = 3) => Int(0, depth <= 0 ? 6 : 9) switch
    {
        0 => null,
        1 => JsonValue.Create(Chance(0.5)),
        2 => JsonValue.Create(OneOf<long>(0, -1, 1, int.MaxValue, (long)int.MaxValue + 1, long.MinValue, long.MaxValue, 65536, 70000)),
        3 => JsonValue.Create(OneOf(0.5, -1e308, 1e308, double.Epsilon, 3.14)),
        4 => JsonValue.Create(Text(200_000)),
        5 => JsonValue.Create(Guid().ToString()),
        6 or 7 => RandomObject(depth - 1),
        _ => new JsonArray(Enumerable.Range(0, Int(0, 4)).Select(_ => Json(depth - 1)).ToArray()),
    };

    private JsonObject RandomObject(int depth)
    {
        var json = new JsonObject();
        for (var i = Int(0, 5); i > 0; i--)
        {
            json[Chance(0.7) ? Pick(FieldNames) : Text(64)] = Json(depth);
        }
        return json;
    }

    /// <summary>
    /// <paramref name="json"/> with 1–4 random changes anywhere in it: a value removed, replaced by another
    /// type, by a nasty string or number, by null, wrapped in a list, or an unknown field added.
    /// </summary>
    public JsonNode? Mutate(JsonNode? json)
    {
        for (var changes = Int(1, 5); changes > 0; changes--)
        {
            if (json is null)
            {
                json = Json();
                continue;
            }
            var target = Pick(Nodes(json).ToList());
            if (target.Parent is null)
            {
                json = Chance(0.5) && json is JsonObject top ? AddField(top) : Json();
                continue;
            }
            var replacement = Int(0, 7) switch
            {
                0 => null,
                1 => JsonValue.Create(Text(100_000)),
                2 => Json(2),
                3 => new JsonArray(target.DeepClone()),
                4 => JsonValue.Create(OneOf<double>(-1, 0, 1e308, -0.0, 4294967296)),
                5 => target is JsonObject o ? AddField((JsonObject)o.DeepClone()) : JsonValue.Create(MangledGuid()),
                _ => Remove,
            };
            Replace(target, replacement);
        }
        return json;
    }

    private static readonly JsonValue Remove = JsonValue.Create("\u0001remove")!;

    private JsonObject AddField(JsonObject json)
    {
        json[$"fuzz_{Int(0, 1000)}"] = Json(1);
        return json;
    }

    private static void Replace(JsonNode target, JsonNode? replacement)
    {
        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (ReferenceEquals(replacement, Remove))
                {
                    parent.Remove(name);
                }
                else
                {
                    parent[name] = replacement;
                }
                break;
            case JsonArray list:
                var index = target.GetElementIndex();
                if (ReferenceEquals(replacement, Remove))
                {
                    list.RemoveAt(index);
                }
                else
                {
                    list[index] = replacement;
                }
                break;
        }
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode? json)
    {
        if (json is null)
        {
            yield break;
        }
        yield return json;
        var children = json switch
        {
            JsonObject o => o.Select(pair => pair.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var node in Nodes(child))
            {
                yield return node;
            }
        }
    }

    /// <summary>
    /// JSON as text, sometimes spoiled at the text level: cut short, nested 10,000 deep, a lone surrogate,
    /// a number beyond any type, a duplicate key, a comment or trailing comma, a BOM, NUL bytes.
    /// </summary>
    public string Spoil(string json) => Int(0, 10) switch
    {
        0 => json[..Int(0, Math.Max(1, json.Length))],
        1 => new string('[', 10_000) + new string(']', 10_000),
        2 => Splice(json, "\"\\ud800\""),
        3 => Splice(json, "1e99999"),
        4 => json.StartsWith('{') ? "{\"id\":1,\"id\":2," + json[1..] : json + json,
        5 => json.Replace(",", ",/*c*/", StringComparison.Ordinal) + ",",
        6 => "\uFEFF" + json,
        7 => json.Replace(":", ":\0", StringComparison.Ordinal),
        8 => Unicode(Int(1, 200)),
        _ => Splice(json, "\"\\u0000\""),
    };

    /// <summary><paramref name="value"/> in place of the first JSON value after a colon, or the whole text.</summary>
    private string Splice(string json, string value)
    {
        var colons = Enumerable.Range(0, json.Length).Where(i => json[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return value;
        }
        var at = Pick(colons) + 1;
        var end = json.IndexOfAny([',', '}', ']'], at);
        return json[..at] + value + (end < 0 ? "" : json[end..]);
    }

    /// <summary>Text safe to show in a failure message: control characters escaped, long runs cut.</summary>
    public static string Show(string? text, int max = 400)
    {
        if (text is null)
        {
            return "(none)";
        }
        var shown = new StringBuilder();
        foreach (var c in text.Length > max ? text[..max] : text)
        {
            shown.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c);
        }
        return text.Length > max ? $"{shown}… ({text.Length} chars)" : shown.ToString();
    }
}
