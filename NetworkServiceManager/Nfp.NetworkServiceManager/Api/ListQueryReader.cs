using System.Globalization;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// Reads an OpenStack-style list query string: <c>limit</c>; <c>marker</c> and <c>page_reverse</c> (the page
/// before the marker, as Octavia's previous links ask); <c>sort=key:dir,key:dir</c> (dir asc or desc, asc when
/// left out) or the older <c>sort_key</c> and <c>sort_dir</c>; <c>fields=a,b</c> (<see cref="FieldSelection"/>);
/// and any other key as a filter on the column of that name — given several times, a row matches any of its values.
/// </summary>
internal static class ListQueryReader
{
    private static readonly HashSet<string> Paging = ["limit", "marker", "page_reverse", "sort", "sort_key", "sort_dir", FieldSelection.Key];

    /// <exception cref="InvalidQueryException">A paging key is malformed or given twice, or a key or value holds a NUL.</exception>
    public static ListQuery Read(IQueryCollection query)
    {
        foreach (var (key, values) in query.Where(pair => Paging.Contains(pair.Key) && pair.Value.Count > 1))
        {
            throw Invalid(key, FieldErrorCodes.Invalid, $"'{key}' is given {values.Count} times.");
        }
        // PostgreSQL text holds no NUL (nor does any NFP field): refused here rather than by the database.
        foreach (var (key, _) in query.Where(pair => pair.Key.Contains('\0', StringComparison.Ordinal) || pair.Value.ToString().Contains('\0', StringComparison.Ordinal)))
        {
            throw Invalid(key.Replace("\0", "\\0", StringComparison.Ordinal), FieldErrorCodes.Malformed, "A query key or value must not contain a NUL character.");
        }
        var limit = query.TryGetValue("limit", out var limitText)
            ? int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
              : throw Invalid("limit", FieldErrorCodes.Malformed, "'limit' must be a whole number.")
            : 100;
        Guid? marker = query.TryGetValue("marker", out var markerText)
            ? Guid.TryParse(markerText, out var id) ? id : throw Invalid("marker", FieldErrorCodes.MalformedUuid, "'marker' must be a UUID.")
            : null;
        var reverse = query.TryGetValue("page_reverse", out var reverseText)
            ? bool.TryParse(reverseText, out var flag) ? flag : throw Invalid("page_reverse", FieldErrorCodes.Malformed, "'page_reverse' must be true or false.")
            : false;
        if (reverse && marker is null)
        {
            throw Invalid("page_reverse", FieldErrorCodes.Invalid, "'page_reverse' pages back from a 'marker', which is required with it.");
        }
        var filters = query.Where(pair => !Paging.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value.Select(v => v ?? "").ToArray());
        return new ListQuery(filters, limit, marker, Sort(query), reverse);
    }

    /// <summary><c>sort=name:asc,created_at:desc</c>, or <c>sort_key=name&amp;sort_dir=desc</c>; null: the default order.</summary>
    private static List<ListSort>? Sort(IQueryCollection query)
    {
        if (query.TryGetValue("sort", out var sort))
        {
            if (query.ContainsKey("sort_key") || query.ContainsKey("sort_dir"))
            {
                throw Invalid("sort", FieldErrorCodes.Invalid, "'sort' replaces 'sort_key' and 'sort_dir': give one or the other.");
            }
            return sort.ToString().Split(',').Select(item => item.Split(':') switch
            {
                [var key] when key.Length > 0 => new ListSort(key),
                [var key, var direction] when key.Length > 0 => new ListSort(key, Direction("sort", direction)),
                _ => throw Invalid("sort", FieldErrorCodes.Malformed, "'sort' must be key:dir pairs separated by commas, e.g. name:asc,created_at:desc."),
            }).ToList();
        }
        var direction = query.TryGetValue("sort_dir", out var directionText) ? Direction("sort_dir", directionText.ToString()) : SortDirection.Asc;
        return query.TryGetValue("sort_key", out var sortKey) ? [new ListSort(sortKey.ToString(), direction)]
            : direction == SortDirection.Desc ? throw Invalid("sort_dir", FieldErrorCodes.Invalid, "'sort_dir' orders by a 'sort_key', which is required with it.")
            : null;
    }

    private static SortDirection Direction(string field, string text) => text switch
    {
        "asc" => SortDirection.Asc,
        "desc" => SortDirection.Desc,
        _ => throw Invalid(field, FieldErrorCodes.UnknownValue, $"'{field}' directions must be asc or desc."),
    };

    private static InvalidQueryException Invalid(string field, string code, string message) => new(new FieldError(field, code, message));
}
