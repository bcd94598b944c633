using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class PortInfoRepository(NpgsqlDataSource dataSource)
    : Repository<PortInfo>(dataSource, new TableMap<PortInfo>("port_infos"), "port_info")
{
    /// <summary>Forgets the ports of the service's instances, so that they may be given to a new service.</summary>
    public async Task ReleaseAsync(Guid networkServiceId, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            """
            WITH released AS (
                DELETE FROM network_service_instance_ports p USING network_service_instances i
                WHERE i.id = p.network_service_instance_id AND i.network_service_id = @networkServiceId
                RETURNING p.port_info_id)
            DELETE FROM port_infos WHERE id IN (SELECT port_info_id FROM released);
            """,
            new { networkServiceId }, transaction, cancellationToken));
}
