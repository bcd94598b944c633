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

    /// <summary>
    /// A new spare device of the pool, made for <paramref name="serviceType"/> services (a wire name):
    /// <paramref name="row"/> written with the type in spare_for, in one transaction.
    /// </summary>
    public Task<NetworkServiceDevice> CreateSpareAsync(NetworkServiceDevice row, string serviceType, CancellationToken cancellationToken = default) =>
        InTransaction(null, async transaction =>
        {
            var created = await CreateAsync(row, transaction, cancellationToken);
            await transaction.Connection!.ExecuteAsync(Command(
                "UPDATE network_service_devices SET spare_for = @serviceType WHERE id = @id", new { id = created.Id, serviceType }, transaction, cancellationToken));
            return created;
        }, cancellationToken);

    /// <summary>
    /// The live spares of <paramref name="vendor"/> (not DELETED), oldest first: those made for
    /// <paramref name="serviceType"/>, or (<paramref name="ofType"/> false) those made for any other.
    /// </summary>
    public async Task<IReadOnlyList<NetworkServiceDevice>> SparesAsync(
        string vendor, string serviceType, bool ofType = true, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<NetworkServiceDevice>(Command(
            $"""
            SELECT {Map.SelectList} FROM network_service_devices
            WHERE service_vendor = @vendor AND spare_for IS NOT NULL AND (spare_for = @serviceType) = @ofType
              AND provisioning_status <> 'DELETED'
            ORDER BY created_at, id
            """, new { vendor, serviceType, ofType }, null, cancellationToken));
        return rows.ToList();
    }

    /// <summary>
    /// Takes the oldest ACTIVE spare of <paramref name="vendor"/> made for <paramref name="serviceType"/>,
    /// in the caller's transaction (it is a spare no longer when the transaction commits; a spare another
    /// transaction is taking is passed over), or null when the pool has none ready.
    /// </summary>
    public Task<NetworkServiceDevice?> TakeSpareAsync(string vendor, string serviceType, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        transaction.Connection!.QuerySingleOrDefaultAsync<NetworkServiceDevice>(Command(
            $"""
            UPDATE network_service_devices SET spare_for = NULL
            WHERE id = (SELECT id FROM network_service_devices
                        WHERE service_vendor = @vendor AND spare_for = @serviceType AND provisioning_status = 'ACTIVE'
                        ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING {Map.SelectList}
            """, new { vendor, serviceType }, transaction, cancellationToken));
}
