using Dapper;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// Reads one network service with what NFP allocated for it (<see cref="NetworkServiceDetail"/>) in one
/// round trip: the service; its ports in the order the create gave them, each with the interface it is
/// plugged in as; its devices; and the operations that made its members.
/// </summary>
public sealed class NetworkServiceDetails(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, NetworkServiceDeviceRepository devices, OperationRepository operations)
{
    public async Task<NetworkServiceDetail?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reads = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            {services.SelectWhere("id = @id")};
            SELECT p.id, p.port_classification, p.port_type, p.port_policy, p.network, coalesce(nullif(i.ip_address, ''), p.ip_address) AS ip_address,
                   coalesce(i.cidr, '') AS cidr, coalesce(i.mac, '') AS mac, i.nsd_id, i.interface_position
            FROM network_service_instances s
            JOIN network_service_instance_ports sp ON sp.network_service_instance_id = s.id
            JOIN port_infos p ON p.id = sp.port_info_id
            LEFT JOIN nsd_interfaces i ON i.plugged_in_port_id = p.id AND i.nsd_id = s.nsd_id
            WHERE s.network_service_id = @id ORDER BY sp.position;
            {devices.SelectWhere("id IN (SELECT nsd_id FROM network_service_instances WHERE network_service_id = @id)")} ORDER BY created_at, id;
            {operations.SelectWhere("resource_id = @id AND kind = ANY(@kinds)")} ORDER BY seq;
            """,
            new { id, kinds = OperationRepository.MemberChangeKinds }, cancellationToken: cancellationToken));
        if (await reads.ReadSingleOrDefaultAsync<NetworkService>() is not { } service)
        {
            return null;
        }
        var ports = (await reads.ReadAsync<PortRow>()).Select(p => p.ToServicePort()).ToList();
        var rendering = (await reads.ReadAsync<NetworkServiceDevice>()).ToList();
        var members = ServiceMembers.Replay(await reads.ReadAsync<Operation>());
        var consumer = ports.FirstOrDefault(p => p.PortClassification == PortClassification.Consumer && p.Mac.Length > 0);
        return new NetworkServiceDetail(service, ports, rendering, members, LoadBalancerVip.Of(service, consumer?.IpAddress ?? ""));
    }

    /// <summary>A port as the query reads it (enum columns as their wire names).</summary>
    private sealed record PortRow(
        Guid Id, string PortClassification, string PortType, string PortPolicy, string Network, string IpAddress, string Cidr, string Mac,
        Guid? NsdId, int? InterfacePosition)
    {
        public ServicePort ToServicePort() => new(Id, Schema.Json.NfpJson.ParseWireName<PortClassification>(PortClassification),
            Schema.Json.NfpJson.ParseWireName<PortType>(PortType), Schema.Json.NfpJson.ParseWireName<PortPolicy>(PortPolicy),
            Network, IpAddress, Cidr, Mac, NsdId, InterfacePosition);
    }
}
