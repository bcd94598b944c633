using System.Globalization;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// Reads an OpenStack-style list query string: <c>limit</c>, <c>marker</c>, <c>sort_key</c>,
/// <c>sort_dir</c> (asc|desc), and any other key as an equality filter on the column of that name.
/// </summary>
internal static class ListQueryReader
{
    private static readonly HashSet<string> Paging = ["limit", "marker", "sort_key", "sort_dir"];

    /// <exception cref="InvalidQueryException">limit, marker or sort_dir is malformed, or a key is given twice.</exception>
    public static ListQuery Read(IQueryCollection query)
    {
        foreach (var (key, values) in query.Where(pair => pair.Value.Count > 1))
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
        var direction = query.TryGetValue("sort_dir", out var directionText)
            ? directionText.ToString() switch
            {
                "asc" => SortDirection.Asc,
                "desc" => SortDirection.Desc,
                _ => throw Invalid("sort_dir", FieldErrorCodes.UnknownValue, "'sort_dir' must be asc or desc."),
            }
            : SortDirection.Asc;
        var filters = query.Where(pair => !Paging.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value.ToString());
        return new ListQuery(filters, limit, marker, query.TryGetValue("sort_key", out var sortKey) ? sortKey.ToString() : null, direction);
    }

    private static InvalidQueryException Invalid(string field, string code, string message) => new(new FieldError(field, code, message));
}
