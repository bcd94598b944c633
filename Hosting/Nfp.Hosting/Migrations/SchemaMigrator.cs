using DbUp;
using Npgsql;

namespace Nfp.Hosting.Migrations;

/// <summary>
/// Applies the SQL migrations embedded in an assembly (<c>*.sql</c>, in name order) that the database
/// has not seen yet, recording each in the journal table <c>{schema}.schema_versions</c> (DbUp's).
/// The manager's tables are in <c>public</c>, popd's in <c>pop</c>; each embeds its own scripts. Several
/// processes may start at once: a PostgreSQL advisory lock per schema lets one migrate while the others
/// wait and then find nothing left to do.
/// </summary>
public static class SchemaMigrator
{
    /// <summary>An arbitrary constant naming NFP's migration locks among the database's advisory locks.</summary>
    private const int MigrationLockClass = 0x4E46_5000;

    /// <summary>Migrates <paramref name="schema"/> with the scripts embedded in <paramref name="scripts"/>; returns the names of those applied now.</summary>
    /// <exception cref="SchemaMigrationException">A script failed; it was rolled back.</exception>
    public static async Task<IReadOnlyList<string>> MigrateAsync(
        string connectionString, System.Reflection.Assembly scripts, string schema, CancellationToken cancellationToken)
    {
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        var lockKey = $"{MigrationLockClass}, hashtext('{schema}')";
        await ExecuteAsync(lockConnection, $"SELECT pg_advisory_lock({lockKey})", cancellationToken);
        try
        {
            // DbUp journals into the schema, so the schema must exist before it runs.
            await ExecuteAsync(lockConnection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken);
            // DbUp is synchronous; it runs once, at start, so blocking a thread for it is fine.
            var upgrade = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(scripts, name => name.EndsWith(".sql", StringComparison.Ordinal))
                .JournalToPostgresqlTable(schema, "schema_versions")
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
            await ExecuteAsync(lockConnection, $"SELECT pg_advisory_unlock({lockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
