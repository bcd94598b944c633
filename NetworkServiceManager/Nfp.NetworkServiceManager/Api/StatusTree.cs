using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// <c>GET /v1/network_services/{id}/status</c> (Octavia's status tree): the service, each instance with its
/// HA state, each instance's device with its management address, and the ports plugged into that device
/// with their addresses — both statuses at every level — in one answer, <c>{"statuses": {"network_service": …}}</c>.
/// </summary>
public static class StatusTree
{
    public sealed record ServiceNode(
        Guid Id, string Name, ServiceTopology Topology, ProvisioningStatus ProvisioningStatus, OperatingStatus OperatingStatus,
        string VipAddress, IReadOnlyList<InstanceNode> Instances);

    public sealed record InstanceNode(
        Guid Id, string Name, HaState HaState, ProvisioningStatus ProvisioningStatus, OperatingStatus OperatingStatus, DeviceNode? Nsd);

    public sealed record DeviceNode(
        Guid Id, string MgmtIpAddress, ProvisioningStatus ProvisioningStatus, OperatingStatus OperatingStatus, IReadOnlyList<PortNode> Ports);

    public sealed record PortNode(Guid Id, PortClassification PortClassification, string Network, string IpAddress, string Mac);

    /// <summary>The answer: <c>{"statuses": {"network_service": …}}</c>.</summary>
    public sealed record Answer(Statuses Statuses);

    public sealed record Statuses(ServiceNode NetworkService);

    public static Answer Of(NetworkServiceDetail detail) => new(new Statuses(new ServiceNode(
        detail.NetworkService.Id, detail.NetworkService.Name, detail.NetworkService.Topology,
        detail.NetworkService.ProvisioningStatus, detail.NetworkService.OperatingStatus, detail.VipAddress,
        detail.Instances.Select(instance => new InstanceNode(instance.Id, instance.Name, instance.HaState, instance.ProvisioningStatus,
            instance.OperatingStatus, detail.Devices.FirstOrDefault(d => d.Id == instance.NsdId) is { } device
                ? new DeviceNode(device.Id, device.MgmtIpAddress, device.ProvisioningStatus, device.OperatingStatus,
                    detail.Ports.Where(p => p.NsdId == device.Id)
                        .Select(p => new PortNode(p.Id, p.PortClassification, p.Network, p.IpAddress, p.Mac)).ToList())
                : null)).ToList())));
}
