using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>Reads what a network service's instance is made of: its ports and its device.</summary>
internal sealed class ServiceParts(NetworkServiceDeviceRepository devices, PortInfoRepository ports)
{
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
