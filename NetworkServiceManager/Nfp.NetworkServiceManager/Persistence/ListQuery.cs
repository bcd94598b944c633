using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// A page of a resource list, the OpenStack way: <see cref="Filters"/> keyed by column name with values
/// as text (as a query string carries them) — a row matches a filter with any of its values, and every
/// filter — at most <see cref="Limit"/> rows after the row <see cref="Marker"/>, ordered by the
/// <see cref="Sort"/> keys in turn (by default the creation time: created_at, or an operation's
/// started_at) then id, so that pages are stable. <see cref="Reverse"/> pages backwards: the rows before
/// the marker, still answered in the sort's order (the previous page).
/// </summary>
public sealed record ListQuery(
    IReadOnlyDictionary<string, string[]>? Filters = null,
    int Limit = 100,
    Guid? Marker = null,
    IReadOnlyList<ListSort>? Sort = null,
    bool Reverse = false)
{
    public const int MaxLimit = Limits.PageSize;

    /// <summary>The filters of one value each.</summary>
    public static Dictionary<string, string[]> Where(params (string Key, string Value)[] filters) =>
        filters.ToDictionary(filter => filter.Key, filter => new[] { filter.Value });
}

/// <summary>One sort key of a list and its direction.</summary>
public sealed record ListSort(string Key, SortDirection Direction = SortDirection.Asc);
