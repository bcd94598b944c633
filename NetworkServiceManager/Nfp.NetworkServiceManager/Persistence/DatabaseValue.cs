using System.Text.Json;
using Nfp.Schema.Json;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>Converts record values to what their columns hold, and filter text to column values.</summary>
internal static class DatabaseValue
{
    public static Func<object?, object?> Converter(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            var wireName = WireNameOf(target);
            return value => value is null ? null : wireName(value);
        }
        if (target == typeof(IReadOnlyDictionary<string, string>))
        {
            return value => JsonSerializer.Serialize(value ?? new Dictionary<string, string>());
        }
        if (target == typeof(JsonElement))
        {
            return value => value is JsonElement { ValueKind: not JsonValueKind.Undefined } json ? json.GetRawText() : "{}";
        }
        if (target == typeof(DateTimeOffset))
        {
            // Npgsql writes timestamptz only from UTC values.
            return value => value is DateTimeOffset at ? at.ToUniversalTime() : null;
        }
        return value => value;
    }

    /// <summary>
    /// The SQL that reads a column for Dapper. Dapper reads enums from text with Enum.Parse, ignoring type
    /// handlers, so an enum column (which holds wire names) is read as the number of its value instead.
    /// </summary>
    public static string ReadSql(Type type, string column)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (!target.IsEnum)
        {
            return column;
        }
        var wireName = WireNameOf(target);
        var cases = Enum.GetValues(target).Cast<object>()
            .Select(value => $"WHEN '{wireName(value)}' THEN {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)}");
        return $"CASE {column} {string.Join(" ", cases)} END";
    }

    /// <summary>Parses a filter's text into the column's value, or null where the column cannot be filtered on.</summary>
    public static Func<string, object?>? FilterParser(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            // The column holds wire names, so a known wire name is its own column value.
            var wireNames = Enum.GetValues(target).Cast<object>().Select(WireNameOf(target)).ToHashSet();
            return text => wireNames.Contains(text)
                ? text
                : throw new FormatException($"'{text}' is not one of: {string.Join(", ", wireNames)}.");
        }
        if (target == typeof(Guid))
        {
            return text => Guid.TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a UUID.");
        }
        if (target == typeof(string))
        {
            return text => text;
        }
        if (target == typeof(bool))
        {
            return text => bool.TryParse(text, out var flag) ? flag : throw new FormatException($"'{text}' is not true or false.");
        }
        if (target == typeof(int))
        {
            return text => int.TryParse(text, out var number) ? number : throw new FormatException($"'{text}' is not a whole number.");
        }
        return null;
    }

    private static Func<object, string> WireNameOf(Type enumType)
    {
        var method = typeof(NfpJson).GetMethod(nameof(NfpJson.WireName))!.MakeGenericMethod(enumType);
        return value => (string)method.Invoke(null, [value])!;
    }
}
