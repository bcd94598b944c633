
using Npgsql;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// A fresh database on the real PostgreSQL for one test class, migrated to the current schema and
/// dropped when the class is done.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private readonly string _name = $"nfp_test_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await AdminExecuteAsync($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(NfpEnvironment.Postgres) { Database = _name }.ConnectionString;
        // The test's own reads and writes; the manager under test has its own pool.
        DataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 8, ApplicationName = "nfp-tests" }.ConnectionString);
        await NetworkServiceManager.Persistence.SchemaMigrationService.MigrateAsync(ConnectionString, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        // FORCE ends the sessions still on the database, but refuses (42501) while an autovacuum worker,
        // a superuser's session, is on it: those end by themselves within moments, so try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AdminExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task AdminExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(NfpEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
