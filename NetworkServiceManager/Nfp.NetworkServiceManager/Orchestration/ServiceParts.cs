using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>Reads what a network service's instance is made of: its ports, its device, its members.</summary>
internal sealed class ServiceParts(
    NetworkServiceDeviceRepository devices, PortInfoRepository ports, NsdInterfaceRepository interfaces, OperationRepository operations)
{
    /// <summary>The service's members as of <paramref name="operation"/> (<see cref="ServiceMembers"/>).</summary>
    public async Task<IReadOnlyList<PolicyTarget>> MembersAsync(Operation operation, CancellationToken cancellationToken) =>
        ServiceMembers.Replay(await operations.MemberChangesAsync(operation.ResourceId, operation.Id, cancellationToken));

    /// <summary>The instance's ports, in the order the create gave them.</summary>
    public async Task<IReadOnlyList<PortInfo>> PortsAsync(NetworkServiceInstance instance, CancellationToken cancellationToken)
    {
        var rows = (await ports.GetManyAsync(instance.PortInfo, cancellationToken: cancellationToken)).ToDictionary(p => p.Id);
        return instance.PortInfo.Select(id => rows[id]).ToList();
    }

    /// <summary>The instance's ports plugged into <paramref name="device"/>, each with its interface, in the order the create gave them.</summary>
    public async Task<IReadOnlyList<PluggedPort>> PluggedPortsAsync(
        NetworkServiceInstance instance, NetworkServiceDevice device, CancellationToken cancellationToken)
    {
        var plugged = (await interfaces.WhereAsync("nsd_id", device.Id, cancellationToken: cancellationToken)).ToDictionary(i => i.PluggedInPortId);
        return (await PortsAsync(instance, cancellationToken))
            .Where(port => plugged.ContainsKey(port.Id)).Select(port => new PluggedPort(port, plugged[port.Id])).ToList();
    }

    /// <summary>The device the instance is rendered on, or null before select_nsd chose one.</summary>
    public async Task<NetworkServiceDevice?> DeviceAsync(NetworkServiceInstance instance, CancellationToken cancellationToken) =>
        instance.NsdId is { } nsdId ? await devices.GetAsync(nsdId, cancellationToken: cancellationToken) : null;
}
