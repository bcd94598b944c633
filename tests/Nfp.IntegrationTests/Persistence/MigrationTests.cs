using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Npgsql;

namespace Nfp.IntegrationTests.Persistence;

public sealed class MigrationTests(PostgresDatabase db) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task A_second_start_applies_nothing_and_changes_nothing()
    {
        var before = await Journal(db.ConnectionString);

        var applied = await SchemaMigrationService.MigrateAsync(db.ConnectionString, CancellationToken.None);

        Assert.Empty(applied);
        Assert.NotEmpty(before);
        Assert.Equal(before, await Journal(db.ConnectionString));
    }

    [Fact]
    public async Task Managers_starting_together_migrate_once()
    {
        var fresh = new PostgresDatabase();
        await using var _ = new AsyncCleanup(fresh.DisposeAsync);
        await fresh.InitializeAsync();
        await using (var connection = new NpgsqlConnection(fresh.ConnectionString))
        {
            // Back to an empty database, then three managers start at once.
            await connection.ExecuteAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => SchemaMigrationService.MigrateAsync(fresh.ConnectionString, CancellationToken.None))));

        Assert.Single(runs, applied => applied.Count > 0);
        Assert.Equal(runs.Single(applied => applied.Count > 0), await Journal(fresh.ConnectionString));
    }

    private static async Task<List<string>> Journal(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<string>("SELECT scriptname FROM schema_versions ORDER BY schemaversionsid")).ToList();
    }
}
