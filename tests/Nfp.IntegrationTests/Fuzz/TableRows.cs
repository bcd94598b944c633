using Dapper;
using Npgsql;

namespace Nfp.IntegrationTests.Fuzz;

/// <summary>
/// Every row of every table of a database, as text, to compare before and after a fuzzer ran: bad input
/// changes nothing. Quartz's tables (<c>qrtz_*</c>) are left out: the manager's scheduler writes its
/// check-ins and firings there every second, whatever the requests.
/// </summary>
internal sealed class TableRows
{
    private readonly Dictionary<string, HashSet<string>> _rows;

    private TableRows(Dictionary<string, HashSet<string>> rows) => _rows = rows;

    public static async Task<TableRows> ReadAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            """
            SELECT format('%I.%I', schemaname, tablename) FROM pg_tables
            WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND tablename NOT LIKE 'qrtz\_%'
            ORDER BY 1
            """);
        var rows = new Dictionary<string, HashSet<string>>();
        foreach (var table in tables)
        {
            rows[table] = (await connection.QueryAsync<string>($"SELECT t::text FROM {table} t")).ToHashSet(StringComparer.Ordinal);
        }
        return new TableRows(rows);
    }

    public int Count => _rows.Values.Sum(rows => rows.Count);

    /// <summary>What differs from <paramref name="before"/>, table by table ("+" a row now there, "-" one gone); empty when nothing.</summary>
    public IReadOnlyList<string> ChangesSince(TableRows before) =>
        _rows.Keys.Union(before._rows.Keys).Order(StringComparer.Ordinal).SelectMany(table =>
        {
            var now = _rows.GetValueOrDefault(table) ?? [];
            var then = before._rows.GetValueOrDefault(table) ?? [];
            return now.Except(then).Select(row => $"{table} + {FuzzRandom.Show(row)}")
                .Concat(then.Except(now).Select(row => $"{table} - {FuzzRandom.Show(row)}"));
        }).ToList();
}
