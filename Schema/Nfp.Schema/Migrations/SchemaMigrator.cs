using DbUp;
using Npgsql;

namespace Nfp.Schema.Migrations;

/// <summary>
/// Applies the SQL migrations embedded beside this class (<c>V###__*.sql</c>, in name order) that the
/// database has not seen yet, recording each in <c>schema_versions</c> (DbUp's journal). Several
/// processes may start at once: a PostgreSQL advisory lock lets one migrate while the others wait and
/// then find nothing left to do.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>An arbitrary constant naming NFP's migration lock among the database's advisory locks.</summary>
    private const long MigrationLockKey = 0x4E46_5000_0001;

    /// <summary>Migrates the database and returns the names of the scripts it applied now.</summary>
    /// <exception cref="SchemaMigrationException">A script failed; it was rolled back.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await LockAsync(lockConnection, "pg_advisory_lock", cancellationToken);
        try
        {
            // DbUp is synchronous; it runs once, at start, so blocking a thread for it is fine.
            var upgrade = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
                .JournalToPostgresqlTable("public", "schema_versions")
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            return upgrade.Successful
                ? upgrade.Scripts.Select(script => script.Name).ToList()
                : throw new SchemaMigrationException(upgrade.ErrorScript?.Name ?? "(unknown script)", upgrade.Error);
        }
        finally
        {
            // Unlock explicitly: closing a pooled connection does not end its session, nor the lock.
            await LockAsync(lockConnection, "pg_advisory_unlock", CancellationToken.None);
        }
    }

    private static async Task LockAsync(NpgsqlConnection connection, string function, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}({MigrationLockKey})", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
