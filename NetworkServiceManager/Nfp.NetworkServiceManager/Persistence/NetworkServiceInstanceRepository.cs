using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// Instances keep their port_info list in network_service_instance_ports, in the order given; it is
/// written with the instance, in the same transaction.
/// </summary>
public sealed class NetworkServiceInstanceRepository(NpgsqlDataSource dataSource)
    : StatusRepository<NetworkServiceInstance>(dataSource, Map, "network_service_instance")
{
    private static readonly TableMap<NetworkServiceInstance> Map = new("network_service_instances", new Dictionary<string, string>
    {
        ["port_info"] = "SELECT coalesce(array_agg(p.port_info_id ORDER BY p.position), '{}') FROM network_service_instance_ports p " +
                        "WHERE p.network_service_instance_id = network_service_instances.id",
    });

    /// <summary>Whether an instance of <paramref name="networkServiceId"/> is rendered on the device <paramref name="nsdId"/>.</summary>
    public async Task<bool> RendersAsync(Guid networkServiceId, Guid nsdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(Command(
            "SELECT EXISTS (SELECT 1 FROM network_service_instances WHERE network_service_id = @networkServiceId AND nsd_id = @nsdId)",
            new { networkServiceId, nsdId }, null, cancellationToken));
    }

    /// <summary>The live instances (not DELETED) rendered on the device <paramref name="from"/> moved to the device <paramref name="to"/> that replaces it.</summary>
    public async Task MoveAsync(Guid from, Guid to, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            """
            UPDATE network_service_instances SET nsd_id = @to, updated_at = now(), version = version + 1
            WHERE nsd_id = @from AND provisioning_status <> 'DELETED'
            """, new { from, to }, transaction, cancellationToken));

    public override Task<NetworkServiceInstance> CreateAsync(
        NetworkServiceInstance row, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WithPortsAsync(row, tx => base.CreateAsync(row, tx, cancellationToken), transaction, cancellationToken);

    public override Task<NetworkServiceInstance> UpdateAsync(
        NetworkServiceInstance row, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        WithPortsAsync(row, tx => base.UpdateAsync(row, tx, cancellationToken), transaction, cancellationToken);

    /// <summary>Writes the instance row, then replaces its port list, in one transaction.</summary>
    private Task<NetworkServiceInstance> WithPortsAsync(
        NetworkServiceInstance row, Func<NpgsqlTransaction, Task<NetworkServiceInstance>> writeRow,
        NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        InTransaction(transaction, async tx =>
        {
            await writeRow(tx);
            return await WritePortsAsync(row, tx, cancellationToken);
        }, cancellationToken);

    private async Task<NetworkServiceInstance> WritePortsAsync(NetworkServiceInstance row, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.Connection!.ExecuteAsync(Command(
            """
            DELETE FROM network_service_instance_ports WHERE network_service_instance_id = @id;
            INSERT INTO network_service_instance_ports (network_service_instance_id, port_info_id, position)
            SELECT @id, port.id, port.position - 1 FROM unnest(@ports) WITH ORDINALITY AS port (id, position);
            """,
            new { id = row.Id, ports = row.PortInfo.ToArray() }, transaction, cancellationToken));
        return await GetAsync(row.Id, transaction, cancellationToken);
    }
}
