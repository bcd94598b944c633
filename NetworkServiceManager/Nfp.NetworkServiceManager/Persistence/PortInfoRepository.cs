using Dapper;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class PortInfoRepository(NpgsqlDataSource dataSource)
    : Repository<PortInfo>(dataSource, new TableMap<PortInfo>("port_infos"), "port_info")
{
    /// <summary>
    /// The fixed addresses of <paramref name="wanted"/> that a port of a live service names already on the
    /// same network (one not plugged yet holds its address in no device), as field errors of a create.
    /// </summary>
    public async Task<IReadOnlyList<FieldError>> TakenAsync(IReadOnlyList<PortInfo> wanted, CancellationToken cancellationToken = default)
    {
        var fixedPorts = wanted.Select((port, index) => (port, index)).Where(p => p.port.IpAddress.Length > 0).ToList();
        if (fixedPorts.Count == 0)
        {
            return [];
        }
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var taken = (await connection.QueryAsync<(string Network, string IpAddress)>(Command(
            "SELECT network, ip_address FROM port_infos WHERE (network, ip_address) IN (SELECT * FROM unnest(@networks, @addresses))",
            new { networks = fixedPorts.Select(p => p.port.Network).ToArray(), addresses = fixedPorts.Select(p => p.port.IpAddress).ToArray() },
            null, cancellationToken))).ToHashSet();
        return fixedPorts.Where(p => taken.Contains((p.port.Network, p.port.IpAddress))).Select(p => new FieldError(
            $"port_info[{p.index}].ip_address", FieldErrorCodes.Invalid,
            $"'port_info[{p.index}].ip_address' {p.port.IpAddress} on network {p.port.Network} is the address of another network service's port.")).ToList();
    }

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
