using Nfp.Schema.Migrations;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>Brings the database schema up to date before the manager serves anything.</summary>
internal sealed partial class SchemaMigrationService(string connectionString, ILogger<SchemaMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await SchemaMigrator.MigrateAsync(connectionString, cancellationToken);
        LogMigrated(applied.Count, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema up to date; applied {Count} migrations now: {Migrations}")]
    private partial void LogMigrated(int count, IReadOnlyList<string> migrations);
}
