using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NetworkServiceRepository(NpgsqlDataSource dataSource)
    : StatusRepository<NetworkService>(dataSource, new TableMap<NetworkService>("network_services"), "network_service")
{
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
