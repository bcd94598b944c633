using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NetworkServiceDeviceRepository(NpgsqlDataSource dataSource)
    : StatusRepository<NetworkServiceDevice>(dataSource, Map, "nsd")
{
    private static readonly TableMap<NetworkServiceDevice> Map = new("network_service_devices");

    /// <summary>
    /// The devices a new service of <paramref name="tenantId"/> and <paramref name="vendor"/> could be
    /// rendered on: ACTIVE, made for a profile that allows sharing, with <paramref name="interfaces"/> spare
    /// data interfaces, and — for a VPN — rendering no VPN already (one device never renders two VPNs).
    /// </summary>
    public async Task<IReadOnlyList<NetworkServiceDevice>> ShareableAsync(
        Guid tenantId, string vendor, int interfaces, bool isVpn, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NetworkServiceDevice>(Command(
            $"""
            SELECT {Map.SelectList} FROM network_service_devices d
            WHERE d.tenant_id = @tenantId AND d.service_vendor = @vendor AND d.allow_sharing
              AND d.provisioning_status = 'ACTIVE' AND d.max_interfaces - d.interfaces_in_use >= @interfaces
              AND NOT (@isVpn AND EXISTS (
                  SELECT 1 FROM network_service_instances i JOIN network_services s ON s.id = i.network_service_id
                  WHERE i.nsd_id = d.id AND i.provisioning_status <> 'DELETED' AND s.service_type = 'vpn'))
            ORDER BY d.created_at, d.id
            """,
            new { tenantId, vendor, interfaces, isVpn }, null, cancellationToken));
        return rows.ToList();
    }
}
