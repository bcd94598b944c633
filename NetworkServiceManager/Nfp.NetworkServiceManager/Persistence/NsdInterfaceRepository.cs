using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NsdInterfaceRepository(NpgsqlDataSource dataSource)
    : Repository<NsdInterface>(dataSource, new TableMap<NsdInterface>("nsd_interfaces"), "nsd_interface")
{
    /// <summary>
    /// The device <paramref name="nsdId"/>'s interfaces are no longer plugged — the device is made again, or
    /// <paramref name="to"/>, a spare that replaces it, gets them: each keeps its port, position and address,
    /// and loses its MAC and the driver's name, which the next plug gives.
    /// </summary>
    public async Task UnplugAllAsync(Guid nsdId, Guid to, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            """
            UPDATE nsd_interfaces SET nsd_id = @to, mac = '', mapped_real_port_id = '', updated_at = now(), version = version + 1
            WHERE nsd_id = @nsdId
            """, new { nsdId, to }, transaction, cancellationToken));

    /// <summary>Forgets the device's interfaces of <paramref name="ports"/> (a service giving the device back).</summary>
    public async Task DeleteAsync(Guid nsdId, IReadOnlyList<Guid> ports, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            "DELETE FROM nsd_interfaces WHERE nsd_id = @nsdId AND plugged_in_port_id = ANY(@ports)",
            new { nsdId, ports = ports.ToArray() }, transaction, cancellationToken));
}
