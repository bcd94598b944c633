using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// A page of a resource list, the OpenStack way: equality <see cref="Filters"/> keyed by column name with
/// values as text (as a query string carries them), at most <see cref="Limit"/> rows after the row
/// <see cref="Marker"/>, ordered by <see cref="SortKey"/> (by default the creation time: created_at, or an
/// operation's started_at) then id so that pages are stable.
/// </summary>
public sealed record ListQuery(
    IReadOnlyDictionary<string, string>? Filters = null,
    int Limit = 100,
    Guid? Marker = null,
    string? SortKey = null,
    SortDirection SortDir = SortDirection.Asc)
{
    public const int MaxLimit = Limits.PageSize;
}
