using Nfp.Hosting.Migrations;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>Brings the database schema up to date before the manager serves anything.</summary>
internal sealed partial class SchemaMigrationService(string connectionString, ILogger<SchemaMigrationService> logger) : IHostedService
{
    /// <summary>Applies the manager's migrations (<c>Persistence/Migrations</c>, schema <c>public</c>) not applied yet; returns their names.</summary>
    public static Task<IReadOnlyList<string>> MigrateAsync(string connectionString, CancellationToken cancellationToken) =>
        SchemaMigrator.MigrateAsync(connectionString, typeof(SchemaMigrationService).Assembly, "public", cancellationToken);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await MigrateAsync(connectionString, cancellationToken);
        LogMigrated(applied.Count, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema up to date; applied {Count} migrations now: {Migrations}")]
    private partial void LogMigrated(int count, IReadOnlyList<string> migrations);
}
