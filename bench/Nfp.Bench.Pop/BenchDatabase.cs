using Npgsql;

namespace Nfp.Bench.Pop;

/// <summary>
/// A fresh PostgreSQL database for one run's popd (<c>nfp_bench_GUID</c>), made with the connection
/// string bootstrap wrote and dropped at the end.
/// </summary>
internal sealed class BenchDatabase
{
    private const string EnvFile = "/etc/nfp/nfp.env";
    private const string Variable = "ConnectionStrings__Postgres";

    private readonly string _admin;

    private BenchDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>The connection string popd gets: the admin one, on this database.</summary>
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

    /// <summary>Drops the database, closing whatever connections popd left open.</summary>
    public Task DropAsync() => AdminExecuteAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);

    private async Task AdminExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string AdminConnectionString()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }
        if (File.Exists(EnvFile))
        {
            var line = File.ReadLines(EnvFile).FirstOrDefault(l => l.StartsWith(Variable + "=", StringComparison.Ordinal));
            if (line is not null)
            {
                return line[(Variable.Length + 1)..].Trim().Trim('\'', '"');
            }
        }
        throw new BenchException($"{Variable} is not set and {EnvFile} does not define it: run deploy/bootstrap.sh, or export it.");
    }
}
