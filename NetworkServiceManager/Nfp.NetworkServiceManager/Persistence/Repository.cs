using Dapper;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// The reads and writes every resource table shares, over its <see cref="TableMap{T}"/>. A method given a
/// transaction runs in it, so that several writes commit together; without one it uses a connection of
/// its own. Every refusal is a typed <see cref="PersistenceException"/> and writes nothing.
/// </summary>
public abstract class Repository<T> where T : IResource
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TableMap<T> _map;
    private readonly string _resource;

    private protected NpgsqlDataSource DataSource => _dataSource;

    private protected Repository(NpgsqlDataSource dataSource, TableMap<T> map, string resource)
    {
        _dataSource = dataSource;
        _map = map;
        _resource = resource;
    }

    public virtual Task<T> CreateAsync(T row, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Run(transaction, (connection, tx) =>
            connection.QuerySingleAsync<T>(Command(_map.InsertSql, _map.Parameters(row), tx, cancellationToken)));

    /// <exception cref="ResourceNotFoundException">No row has this id.</exception>
    public async Task<T> GetAsync(Guid id, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        await FindAsync(id, transaction, cancellationToken) ?? throw NotFound(id);

    public Task<T?> FindAsync(Guid id, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Run(transaction, (connection, tx) => connection.QuerySingleOrDefaultAsync<T>(Command(
            SelectWhere("id = @id"), new { id }, tx, cancellationToken)));

    /// <summary>The row, or null, locked until <paramref name="transaction"/> ends (SELECT … FOR UPDATE).</summary>
    public Task<T?> FindForUpdateAsync(Guid id, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<T>(Command(SelectWhere("id = @id") + " FOR UPDATE", new { id }, transaction, cancellationToken));

    /// <summary>Reads the row and locks it until <paramref name="transaction"/> ends (SELECT … FOR UPDATE).</summary>
    /// <exception cref="ResourceNotFoundException">No row has this id.</exception>
    public async Task<T> LockAsync(Guid id, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await FindForUpdateAsync(id, transaction, cancellationToken) ?? throw NotFound(id);

    /// <summary>
    /// The SELECT of whole rows where <paramref name="condition"/> (SQL, with parameters) holds: for a
    /// caller that reads several tables in one round trip (Dapper's QueryMultiple) and maps rows as this
    /// repository does.
    /// </summary>
    public string SelectWhere(string condition) => $"SELECT {_map.SelectList} FROM {_map.Table} WHERE {condition}";

    /// <summary>The refusal for a row with this id that is not there.</summary>
    public ResourceNotFoundException NotFound(Guid id) => new(_resource, id);

    /// <summary>The rows whose <paramref name="column"/> equals <paramref name="value"/>, oldest first.</summary>
    public Task<IReadOnlyList<T>> WhereAsync(string column, object value, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Run(transaction, async (connection, tx) => (IReadOnlyList<T>)(await connection.QueryAsync<T>(Command(
            $"SELECT {_map.SelectList} FROM {_map.Table} WHERE {_map.Column(column).Name} = @value ORDER BY {_map.Columns.First(c => c.Type == typeof(DateTimeOffset)).Name}, id",
            new { value = _map.Column(column).ToDatabase(value) }, tx, cancellationToken))).ToList());

    /// <summary>The rows with these ids, in no particular order.</summary>
    public Task<IReadOnlyList<T>> GetManyAsync(IReadOnlyList<Guid> ids, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Run(transaction, async (connection, tx) => (IReadOnlyList<T>)(await connection.QueryAsync<T>(Command(
            $"SELECT {_map.SelectList} FROM {_map.Table} WHERE id = ANY(@ids)", new { ids = ids.ToArray() }, tx, cancellationToken))).ToList());

    /// <summary>Writes every column of <paramref name="row"/>, if the stored row is still at <c>row.Version</c>.</summary>
    /// <exception cref="ConcurrencyConflictException">The row moved past <c>row.Version</c>.</exception>
    public virtual async Task<T> UpdateAsync(T row, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        await Run(transaction, (connection, tx) => connection.QuerySingleOrDefaultAsync<T>(
            Command(_map.UpdateSql, _map.Parameters(row), tx, cancellationToken)))
        ?? throw await RefusalAsync(row.Id, row.Version, transaction, cancellationToken);

    /// <exception cref="ConcurrencyConflictException">The row moved past <paramref name="expectedVersion"/>.</exception>
    public async Task DeleteAsync(Guid id, int expectedVersion, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        var deleted = await Run(transaction, (connection, tx) => connection.ExecuteAsync(Command(
            $"DELETE FROM {_map.Table} WHERE id = @id AND version = @expectedVersion", new { id, expectedVersion }, tx, cancellationToken)));
        if (deleted == 0)
        {
            throw await RefusalAsync(id, expectedVersion, transaction, cancellationToken);
        }
    }

    /// <summary>
    /// Moves the state held in <paramref name="column"/> to <paramref name="to"/>, if <paramref name="rules"/>
    /// allow the move from the stored state and the row is still at <paramref name="expectedVersion"/>.
    /// <paramref name="alsoSet"/> writes further columns in the same update; <paramref name="stampNow"/>
    /// names timestamp columns the move sets to now.
    /// </summary>
    /// <exception cref="IllegalTransitionException">The rules do not allow the move.</exception>
    private protected async Task<T> TransitionAsync<TState>(
        Guid id,
        int expectedVersion,
        string column,
        Func<T, TState> current,
        Transitions<TState> rules,
        TState to,
        IReadOnlyDictionary<string, object?> alsoSet,
        IReadOnlyList<string> stampNow,
        NpgsqlTransaction? transaction,
        CancellationToken cancellationToken)
        where TState : struct, Enum
    {
        // One round trip: the update matches only a row still at the version and in a state the rules
        // allow the move from; only when it matches none is the row read, to say why.
        var state = _map.Column(column);
        var sources = Enum.GetValues<TState>().Where(from => rules.IsAllowed(from, to)).Select(from => (string)state.ToDatabase(from)!).ToArray();
        var parameters = new DynamicParameters(new { id, expectedVersion, sources });
        var sets = new List<string>();
        foreach (var (name, value) in alsoSet.Prepend(new(column, to)))
        {
            var target = _map.Column(name);
            parameters.Add(target.Parameter, target.ToDatabase(value));
            sets.Add($"{name} = {target.ParameterSql}");
        }
        sets.AddRange(stampNow.Select(name => $"{name} = now()"));
        var sql = $"UPDATE {_map.Table} SET {string.Join(", ", sets)}, updated_at = now(), version = version + 1 " +
                  $"WHERE id = @id AND version = @expectedVersion AND {column} = ANY(@sources) RETURNING {_map.SelectList}";
        if (await Run(transaction, (connection, tx) => connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters, tx, cancellationToken))) is { } moved)
        {
            return moved;
        }
        var row = await GetAsync(id, transaction, cancellationToken);
        if (row.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(_resource, id, expectedVersion);
        }
        throw new IllegalTransitionException(_resource, id, Schema.Json.NfpJson.WireName(current(row)), Schema.Json.NfpJson.WireName(to));
    }

    /// <exception cref="InvalidQueryException">A filter, sort key, limit or marker is not acceptable.</exception>
    public Task<Page<T>> ListAsync(ListQuery query, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Run(transaction, async (connection, tx) =>
        {
            var (where, parameters, order) = await PageSql(query, connection, tx, cancellationToken);
            var sql = $"SELECT {_map.SelectList} FROM {_map.Table}{where} ORDER BY {order} LIMIT @take";
            parameters.Add("take", query.Limit + 1);
            var rows = (await connection.QueryAsync<T>(Command(sql, parameters, tx, cancellationToken))).ToList();
            var more = rows.Count > query.Limit;
            var page = more ? rows[..query.Limit] : rows;
            if (query.Reverse)
            {
                // Read backwards from the marker, answered in the sort's order: the next page follows its last row.
                page.Reverse();
                return new Page<T>(page, page.Count > 0 ? page[^1].Id : null, more ? page[0].Id : null);
            }
            return new Page<T>(page, more ? page[^1].Id : null, query.Marker is not null && page.Count > 0 ? page[0].Id : null);
        });

    private async Task<(string Where, DynamicParameters Parameters, string Order)> PageSql(
        ListQuery query, NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        foreach (var (key, texts) in query.Filters ?? new Dictionary<string, string[]>())
        {
            var column = _map.Columns.FirstOrDefault(c => c.Name == key && c.IsFilterable)
                ?? throw Invalid(key, FieldErrorCodes.UnknownField, $"'{key}' is not a filter of {_resource} lists.");
            var values = new List<object?>();
            foreach (var text in texts)
            {
                try
                {
                    values.Add(column.ParseFilter!(text));
                }
                catch (FormatException e)
                {
                    throw Invalid(key, FieldErrorCodes.Malformed, e.Message);
                }
            }
            // One value is an equality (its type inferred as the column's); several, any of them.
            if (values.Count == 1)
            {
                parameters.Add($"filter_{column.Parameter}", values[0]);
                conditions.Add($"{column.Name} = @filter_{column.Parameter}");
            }
            else
            {
                conditions.Add("(" + string.Join(" OR ", values.Select((value, i) =>
                {
                    parameters.Add($"filter_{column.Parameter}_{i}", value);
                    return $"{column.Name} = @filter_{column.Parameter}_{i}";
                })) + ")");
            }
        }
        // A DELETED resource is a record for its operations, not something an operator lists: it is listed
        // only when asked for by its status (and purged after its retention, PurgeDeletedJob).
        if (_map.Columns.Any(c => c.Name == DeletedColumn) && query.Filters?.ContainsKey(DeletedColumn) != true)
        {
            conditions.Add($"{DeletedColumn} <> 'DELETED'");
        }

        if (query.Limit is < 1 or > ListQuery.MaxLimit)
        {
            throw Invalid("limit", FieldErrorCodes.OutOfRange, $"'limit' must be from 1 to {ListQuery.MaxLimit}.");
        }
        // The first timestamp of every resource record is when it was made; id last makes the order total.
        var keys = (query.Sort is { Count: > 0 } sort ? sort : [new ListSort(_map.Columns.First(c => c.Type == typeof(DateTimeOffset)).Name)])
            .Select(key => (Column: _map.Columns.FirstOrDefault(c => c.Name == key.Key && c.IsSortable)
                ?? throw Invalid("sort", FieldErrorCodes.UnknownValue, $"'{key.Key}' is not a sort key of {_resource} lists."),
                Ascending: key.Direction == SortDirection.Asc ^ query.Reverse))
            .ToList();
        if (keys.Select(k => k.Column.Name).Distinct().Count() != keys.Count)
        {
            throw Invalid("sort", FieldErrorCodes.Invalid, "A sort key is given twice.");
        }
        var order = keys.Select(k => $"{_map.Table}.{k.Column.Name} {(k.Ascending ? "ASC" : "DESC")}")
            .Append($"{_map.Table}.id {(keys[^1].Ascending ? "ASC" : "DESC")}");

        if (query.Marker is { } marker)
        {
            // Keyset paging: the rows after the marker row in the sort's order, stable under inserts — for
            // keys k1..kn then id: k1 beyond the marker's, or k1 equal and k2 beyond, ... or all equal and id beyond.
            var markerRow = await connection.QuerySingleOrDefaultAsync(Command(
                $"SELECT {string.Join(", ", keys.Select((k, i) => $"{k.Column.Name} AS k{i}"))} FROM {_map.Table} WHERE id = @marker",
                new { marker }, transaction, cancellationToken)) as IDictionary<string, object>
                ?? throw Invalid("marker", FieldErrorCodes.Invalid, $"'marker' names no {_resource}.");
            parameters.Add("marker", marker);
            var beyond = new List<string>();
            for (var i = 0; i <= keys.Count; i++)
            {
                var equal = Enumerable.Range(0, i).Select(j => $"{keys[j].Column.Name} = @marker_k{j}");
                var last = i < keys.Count
                    ? $"{keys[i].Column.Name} {(keys[i].Ascending ? ">" : "<")} @marker_k{i}"
                    : $"id {(keys[^1].Ascending ? ">" : "<")} @marker";
                if (i < keys.Count)
                {
                    parameters.Add($"marker_k{i}", markerRow[$"k{i}"]);
                }
                beyond.Add("(" + string.Join(" AND ", equal.Append(last)) + ")");
            }
            conditions.Add("(" + string.Join(" OR ", beyond) + ")");
        }

        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        // Qualified: a bare name in ORDER BY would mean the select list's column of that name.
        return (where, parameters, string.Join(", ", order));
    }

    private const string DeletedColumn = "provisioning_status";

    private static InvalidQueryException Invalid(string field, string code, string message) => new(new FieldError(field, code, message));

    /// <summary>Why a versioned write matched no row: the row is gone, or it moved past the version read.</summary>
    private async Task<PersistenceException> RefusalAsync(Guid id, int expectedVersion, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        await FindAsync(id, transaction, cancellationToken) is null
            ? NotFound(id)
            : new ConcurrencyConflictException(_resource, id, expectedVersion);

    /// <summary>Runs <paramref name="work"/> in the caller's transaction, or in one of its own that it commits.</summary>
    private protected async Task<TResult> InTransaction<TResult>(
        NpgsqlTransaction? transaction, Func<NpgsqlTransaction, Task<TResult>> work, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            return await work(transaction);
        }
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var own = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(own);
        await own.CommitAsync(cancellationToken);
        return result;
    }

    private protected async Task<TResult> Run<TResult>(NpgsqlTransaction? transaction, Func<NpgsqlConnection, NpgsqlTransaction?, Task<TResult>> work)
    {
        if (transaction is not null)
        {
            return await work(transaction.Connection!, transaction);
        }
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await work(connection, null);
    }

    private protected static CommandDefinition Command(string sql, object parameters, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
