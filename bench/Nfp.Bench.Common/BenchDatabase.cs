using Npgsql;

namespace Nfp.Bench;

/// <summary>
/// A fresh PostgreSQL database for one run's daemon (<c>nfp_bench_GUID</c>), made with the connection
/// string bootstrap wrote and dropped at the end.
/// </summary>
public sealed class BenchDatabase
{
    private const string Variable = "ConnectionStrings__Postgres";

    private readonly string _admin;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The connection string the daemon gets: the admin one, on this database.</summary>
    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = new BenchDatabase(AdminConnectionString(), $"nfp_bench_{Guid.NewGuid():N}");
        await database.AdminExecuteAsync($"CREATE DATABASE {database.Name}", cancellationToken);
        return database;
    }

    /// <summary>Transactions committed in this database so far, as PostgreSQL's statistics have them.</summary>
    public async Task<long> CommittedTransactionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", Name);
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    /// <summary>Drops the database, closing whatever connections the daemon left open.</summary>
    public Task DropAsync() => AdminExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);

    private async Task AdminExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string AdminConnectionString() => BenchEnvironment.Get(Variable);
}
