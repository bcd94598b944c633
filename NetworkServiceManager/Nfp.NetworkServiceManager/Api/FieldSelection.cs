using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// <c>fields=id,name</c> on a list, as Octavia's: each item answers only the fields named (as the wire
/// names them); a name the resource does not have is a 400 naming it.
/// </summary>
internal static class FieldSelection
{
    public const string Key = "fields";

    /// <summary>The fields of <typeparamref name="T"/> asked for, or null when the query names none (every field).</summary>
    /// <exception cref="InvalidQueryException">A field is not one of <typeparamref name="T"/>'s, or <c>fields</c> is given twice.</exception>
    public static IReadOnlyList<string>? Read<T>(IQueryCollection query)
    {
        if (!query.TryGetValue(Key, out var text))
        {
            return null;
        }
        // The resolver NfpJson's options get at their first use, asked directly: they may not have been used yet.
        var resolver = NfpJson.Options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        var known = resolver.GetTypeInfo(typeof(T), NfpJson.Options)!.Properties.Select(p => p.Name).ToHashSet();
        var fields = text.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        if (fields.Count == 0 || fields.Any(f => !known.Contains(f)))
        {
            throw new InvalidQueryException(new FieldError(Key, FieldErrorCodes.UnknownValue,
                $"'{Key}' names fields of the resource, separated by commas; '{fields.FirstOrDefault(f => !known.Contains(f))}' is not one of {string.Join(", ", known.Order())}."));
        }
        return fields;
    }

    /// <summary>The items with only <paramref name="fields"/> (all of them when null).</summary>
    public static object Apply<T>(IReadOnlyList<T> items, IReadOnlyList<string>? fields) =>
        fields is null
            ? items
            : items.Select(item =>
            {
                var json = JsonSerializer.SerializeToElement(item, NfpJson.Options);
                return fields.ToDictionary(field => field, field => json.GetProperty(field));
            }).ToList();
}
