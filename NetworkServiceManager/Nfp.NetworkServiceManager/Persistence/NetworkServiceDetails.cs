using System.Data.Common;
using Dapper;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// Reads one network service with what NFP allocated for it (<see cref="NetworkServiceDetail"/>) in one
/// round trip: the service; its ports in the order the create gave them, each with the interface it is
/// plugged in as (per device); its devices; the operations that made its members; and its instances.
/// </summary>
/// <remarks>
/// The five statements are prepared on each pooled connection the first time it runs them (a round trip of
/// its own, once per connection): PostgreSQL takes longer to plan them than to run them — on the bench
/// machine about 0.9 ms a read unprepared against 0.15–0.3 ms prepared (docs/benchmarks.md, issue 14).
/// Nothing is cached in the process: every read sees what any manager instance committed before it.
/// </remarks>
public sealed class NetworkServiceDetails(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, NetworkServiceDeviceRepository devices, OperationRepository operations,
    NetworkServiceInstanceRepository instances)
{
    private readonly string _sql = $"""
        {services.SelectWhere("id = @id")};
        SELECT p.id, p.port_classification, p.port_type, p.port_policy, p.network, coalesce(nullif(i.ip_address, ''), p.ip_address) AS ip_address,
               coalesce(i.cidr, '') AS cidr, coalesce(i.mac, '') AS mac, i.nsd_id, i.interface_position, p.ip_address AS port_address
        FROM network_service_instances s
        JOIN network_service_instance_ports sp ON sp.network_service_instance_id = s.id
        JOIN port_infos p ON p.id = sp.port_info_id
        LEFT JOIN nsd_interfaces i ON i.plugged_in_port_id = p.id AND i.nsd_id = s.nsd_id
        WHERE s.network_service_id = @id ORDER BY sp.position;
        {devices.SelectWhere("id IN (SELECT nsd_id FROM network_service_instances WHERE network_service_id = @id)")} ORDER BY created_at, id;
        {operations.SelectWhere("resource_id = @id AND kind = ANY(@kinds)")} ORDER BY seq;
        {instances.SelectWhere("network_service_id = @id")} ORDER BY name, id;
        """;

    public async Task<NetworkServiceDetail?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_sql, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("kinds", OperationRepository.MemberChangeKinds);
        await command.PrepareAsync(cancellationToken);
        await using var reads = await command.ExecuteReaderAsync(cancellationToken);
        if ((await ReadAsync<NetworkService>(reads, cancellationToken)).SingleOrDefault() is not { } service)
        {
            return null;
        }
        var rows = await ReadAsync<PortRow>(reads, cancellationToken);
        var rendering = await ReadAsync<NetworkServiceDevice>(reads, cancellationToken);
        var members = ServiceMembers.Replay(await ReadAsync<Operation>(reads, cancellationToken));
        var serviceInstances = await ReadAsync<NetworkServiceInstance>(reads, cancellationToken);
        var consumer = rows.FirstOrDefault(p => p.PortClassification == Schema.Json.NfpJson.WireName(PortClassification.Consumer) && p.Mac.Length > 0);
        var vip = service.Topology == ServiceTopology.ActiveStandby ? consumer?.PortAddress : consumer?.IpAddress;
        return new NetworkServiceDetail(service, rows.Select(p => p.ToServicePort()).ToList(), rendering, members,
            LoadBalancerVip.Of(service, vip ?? ""), serviceInstances);
    }

    /// <summary>The rows of the reader's current result, mapped as Dapper maps a query's; then moves to the next result.</summary>
    private static async Task<List<T>> ReadAsync<T>(DbDataReader reader, CancellationToken cancellationToken)
    {
        var parse = reader.GetRowParser<T>();
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(parse(reader));
        }
        await reader.NextResultAsync(cancellationToken);
        return rows;
    }

    /// <summary>A port as the query reads it (enum columns as their wire names), with the port's own address (a pair's VIP).</summary>
    private sealed record PortRow(
        Guid Id, string PortClassification, string PortType, string PortPolicy, string Network, string IpAddress, string Cidr, string Mac,
        Guid? NsdId, int? InterfacePosition, string PortAddress)
    {
        public ServicePort ToServicePort() => new(Id, Schema.Json.NfpJson.ParseWireName<PortClassification>(PortClassification),
            Schema.Json.NfpJson.ParseWireName<PortType>(PortType), Schema.Json.NfpJson.ParseWireName<PortPolicy>(PortPolicy),
            Network, IpAddress, Cidr, Mac, NsdId, InterfacePosition);
    }
}
