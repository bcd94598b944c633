namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// One column of a resource table, named after the record's constructor parameter in snake_case.
/// <see cref="Computed"/> is a SQL expression read in place of a stored column (e.g. a list kept in an
/// association table); <see cref="DatabaseKept"/> columns are written by the database, never by us.
/// </summary>
internal sealed record TableColumn(
    string Name,
    string Parameter,
    Type Type,
    bool DatabaseKept,
    string? Computed,
    Func<object?, object?> ToDatabase,
    Func<string, object?>? ParseFilter)
{
    public bool IsWritten => !DatabaseKept && Computed is null;

    /// <summary>Stored scalar columns may be filtered on by equality.</summary>
    public bool IsFilterable => Computed is null && ParseFilter is not null;

    /// <summary>
    /// Lists may be ordered by any filterable column and by timestamps, but not by a nullable column:
    /// keyset paging compares (key, id) rows, and a null key compares as unknown.
    /// </summary>
    public bool IsSortable => (IsFilterable || (Computed is null && Type == typeof(DateTimeOffset))) && Nullable.GetUnderlyingType(Type) is null;

    /// <summary>Where clause operand: jsonb values are passed as text and cast.</summary>
    public string ParameterSql =>
        Type == typeof(IReadOnlyDictionary<string, string>) || Type == typeof(System.Text.Json.JsonElement) ? $"@{Parameter}::jsonb" : $"@{Parameter}";

    public string SelectSql => $"({Computed ?? DatabaseValue.ReadSql(Type, Name)}) AS {Name}";
}
