using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NetworkServiceRepository(NpgsqlDataSource dataSource)
    : StatusRepository<NetworkService>(dataSource, new TableMap<NetworkService>("network_services"), "network_service")
{
    /// <summary>
    /// Forgets up to <paramref name="batch"/> services DELETED before <paramref name="before"/> — with their
    /// instances, operations, step history and configurator answers — and then the DELETED devices no
    /// instance names any more, in one transaction; returns how many services went.
    /// </summary>
    public async Task<int> PurgeDeletedAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var purged = await connection.ExecuteScalarAsync<int>(Command(
            """
            WITH gone AS (
                SELECT id FROM network_services WHERE provisioning_status = 'DELETED' AND updated_at < @before
                ORDER BY updated_at LIMIT @batch FOR UPDATE SKIP LOCKED),
            operations_gone AS (SELECT id FROM operations WHERE resource_id IN (SELECT id FROM gone)),
            answers AS (DELETE FROM configurator_notifications WHERE operation_id IN (SELECT id FROM operations_gone)),
            steps AS (DELETE FROM operation_steps WHERE operation_id IN (SELECT id FROM operations_gone)),
            ops AS (DELETE FROM operations WHERE id IN (SELECT id FROM operations_gone)),
            services AS (DELETE FROM network_services WHERE id IN (SELECT id FROM gone) RETURNING id)
            SELECT count(*) FROM services
            """, new { before = before.ToUniversalTime(), batch }, transaction, cancellationToken));
        // Instances went with their services (ON DELETE CASCADE); a device goes once no instance names it.
        await connection.ExecuteAsync(Command(
            """
            DELETE FROM network_service_devices d
            WHERE d.provisioning_status = 'DELETED' AND d.updated_at < @before
              AND NOT EXISTS (SELECT 1 FROM network_service_instances i WHERE i.nsd_id = d.id)
            """, new { before = before.ToUniversalTime() }, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    /// <summary>The ACTIVE services with no operation under way.</summary>
    public async Task<IReadOnlyList<Guid>> IdleActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(Command(
            """
            SELECT s.id FROM network_services s
            WHERE s.provisioning_status = 'ACTIVE'
              AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.resource_id = s.id AND o.state IN ('STARTING', 'PROCESSING'))
            """, new { }, null, cancellationToken))).ToList();
    }
}
