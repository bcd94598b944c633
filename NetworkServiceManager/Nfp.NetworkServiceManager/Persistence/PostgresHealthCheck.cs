using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>Healthy when PostgreSQL answers and the schema is migrated; reports the latest migration.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var latest = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT scriptname FROM schema_versions ORDER BY schemaversionsid DESC LIMIT 1", cancellationToken: cancellationToken));
            return latest is null
                ? HealthCheckResult.Unhealthy("The database schema has not been migrated.")
                : HealthCheckResult.Healthy($"schema at {latest}");
        }
        catch (NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL does not answer: {e.Message}");
        }
    }
}
