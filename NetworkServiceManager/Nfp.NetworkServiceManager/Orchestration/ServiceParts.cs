using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>Reads what a network service is made of: its instance, the instance's ports, and its device.</summary>
internal sealed class ServiceParts(
    NetworkServiceInstanceRepository instances, NetworkServiceDeviceRepository devices, PortInfoRepository ports)
{
    /// <summary>The service's instance, written with the service when the create was accepted.</summary>
    public async Task<NetworkServiceInstance> InstanceAsync(Guid networkServiceId, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null) =>
        (await instances.WhereAsync("network_service_id", networkServiceId, transaction, cancellationToken)).Single();

    /// <summary>The instance's ports, in the order the create gave them.</summary>
    public async Task<IReadOnlyList<PortInfo>> PortsAsync(NetworkServiceInstance instance, CancellationToken cancellationToken)
    {
        var rows = (await ports.GetManyAsync(instance.PortInfo, cancellationToken: cancellationToken)).ToDictionary(p => p.Id);
        return instance.PortInfo.Select(id => rows[id]).ToList();
    }

    /// <summary>The device the instance is rendered on, or null before select_nsd chose one.</summary>
    public async Task<NetworkServiceDevice?> DeviceAsync(NetworkServiceInstance instance, CancellationToken cancellationToken) =>
        instance.NsdId is { } nsdId ? await devices.GetAsync(nsdId, cancellationToken: cancellationToken) : null;
}
