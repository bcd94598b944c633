using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Json;

/// <summary>
/// Turns a <see cref="JsonException"/> from reading a contract into a <see cref="FieldError"/>: the
/// exception's JSON path names the field, and the type the contract declares there says what was wrong
/// (a malformed UUID, an unknown enum value, ...).
/// </summary>
internal static partial class JsonFieldErrors
{
    public static FieldError From(JsonException exception, Type contract, JsonElement? json = null)
    {
        if (UnmappedMember().IsMatch(exception.Message))
        {
            // The exception's path already ends with the unknown property.
            var field = FieldPath(exception.Path);
            return new FieldError(field, FieldErrorCodes.UnknownField, $"'{field}' is not a field of this request.");
        }
        var missing = MissingProperties().Match(exception.Message);
        if (missing.Success)
        {
            // The path names the object; the message lists the fields it lacks. The first is reported.
            var parent = FieldPath(exception.Path);
            var name = missing.Groups[1].Value;
            var field = parent.Length == 0 ? name : $"{parent}.{name}";
            return new FieldError(field, FieldErrorCodes.Required, $"'{field}' is required.");
        }

        var path = FieldPath(exception.Path);
        if (json is { } root && At(root, path) is { ValueKind: JsonValueKind.Null })
        {
            // null where the contract has a value type (a UUID, an enum, a number) is a value left out.
            return new FieldError(path, FieldErrorCodes.Required, $"'{path}' is required.");
        }
        var type = DeclaredType(contract, path);
        var target = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return target switch
        {
            _ when target == typeof(Guid) => new(path, FieldErrorCodes.MalformedUuid, $"'{path}' must be a UUID."),
            _ when target == typeof(JsonElement) => new(path, FieldErrorCodes.Malformed, $"'{path}' must be a JSON object (or a string holding one)."),
            { IsEnum: true } => new(path, FieldErrorCodes.UnknownValue,
                $"'{path}' must be one of: {string.Join(", ", EnumWireNames(target))}."),
            _ when path.Length == 0 => new("", FieldErrorCodes.Malformed, "The request is not a JSON object of the expected shape."),
            _ => new(path, FieldErrorCodes.Malformed, $"'{path}' has the wrong type."),
        };
    }

    /// <summary>"$.port_info[0].port_type" → "port_info[0].port_type".</summary>
    private static string FieldPath(string? jsonPath) =>
        (jsonPath ?? "$").TrimStart('$').TrimStart('.');

    /// <summary>The JSON value at a wire path ("port_info[0].ip_address"), or null where there is none.</summary>
    private static JsonElement? At(JsonElement root, string path)
    {
        JsonElement? current = root;
        foreach (Match step in PathStep().Matches(path))
        {
            current = current switch
            {
                { ValueKind: JsonValueKind.Object } value when step.Groups["name"].Success && value.TryGetProperty(step.Groups["name"].Value, out var property) => property,
                { ValueKind: JsonValueKind.Array } value when step.Groups["index"].Success
                    && int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) is var index && index < value.GetArrayLength() => value[index],
                _ => null,
            };
        }
        return current;
    }

    /// <summary>The CLR type the contract declares at a wire path, or null where the path leaves the contract.</summary>
    private static Type? DeclaredType(Type contract, string path)
    {
        Type? type = contract;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            var property = type?.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => NfpJson.Options.PropertyNamingPolicy!.ConvertName(p.Name) == name);
            type = property?.PropertyType;
            if (type is not null && segment.Contains('[', StringComparison.Ordinal))
            {
                type = ElementType(type);
            }
        }
        return type;
    }

    private static Type? ElementType(Type collection) =>
        collection.IsArray ? collection.GetElementType() : collection.GetGenericArguments().LastOrDefault();

    private static IEnumerable<string> EnumWireNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();

    [GeneratedRegex("The JSON property '([^']+)' could not be mapped")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("was missing required properties including: '([^']+)'")]
    private static partial Regex MissingProperties();
}
