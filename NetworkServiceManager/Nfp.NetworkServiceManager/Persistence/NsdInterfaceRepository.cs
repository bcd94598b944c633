using Dapper;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class NsdInterfaceRepository(NpgsqlDataSource dataSource)
    : Repository<NsdInterface>(dataSource, new TableMap<NsdInterface>("nsd_interfaces"), "nsd_interface")
{
    /// <summary>
    /// The device's interfaces are no longer plugged (the device is made again): each keeps its port,
    /// position and address, and loses its MAC and the driver's name, which the next plug gives.
    /// </summary>
    public async Task UnplugAllAsync(Guid nsdId, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            "UPDATE nsd_interfaces SET mac = '', mapped_real_port_id = '', updated_at = now(), version = version + 1 WHERE nsd_id = @nsdId",
            new { nsdId }, transaction, cancellationToken));

    /// <summary>
    /// Gives the interfaces of the device <paramref name="from"/> to the device <paramref name="to"/> that
    /// replaces it, unplugged (their addresses kept), so that plug_nsd_interface plugs them into it.
    /// </summary>
    public async Task MoveUnpluggedAsync(Guid from, Guid to, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            """
            UPDATE nsd_interfaces SET nsd_id = @to, mac = '', mapped_real_port_id = '', updated_at = now(), version = version + 1
            WHERE nsd_id = @from
            """, new { from, to }, transaction, cancellationToken));

    /// <summary>Forgets the device's interfaces of <paramref name="ports"/> (a service giving the device back).</summary>
    public async Task DeleteAsync(Guid nsdId, IReadOnlyList<Guid> ports, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            "DELETE FROM nsd_interfaces WHERE nsd_id = @nsdId AND plugged_in_port_id = ANY(@ports)",
            new { nsdId, ports = ports.ToArray() }, transaction, cancellationToken));
}
