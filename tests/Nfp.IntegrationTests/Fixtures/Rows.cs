using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// New, valid rows of every resource for the persistence tests, made by the manager's own factory
/// (<see cref="NewRows"/>) from typical requests; adjust them with <c>with { ... }</c>.
/// </summary>
public static class Rows
{
    public static NetworkService NetworkService(Guid? tenantId = null) => NewRows.Service(new CreateNetworkService(
        tenantId ?? Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, "haproxy"), [],
        "web-lb", "load balancer of the web tier", Guid.NewGuid(), ServiceConfigs.Of(new { vip = "10.0.0.10" })));

    public static PortInfo PortInfo(PortClassification classification = PortClassification.Provider) =>
        NewRows.Port(new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, classification, "tenant-web"));

    public static NetworkServiceDevice Device(Guid tenantId) =>
        NewRows.Device(NetworkService(tenantId), new NsdSharingInfo(8, true), 2, shareable: true) with
        {
            MgmtIpAddress = "172.16.0.5",
            ProviderMetadata = new Dictionary<string, string> { ["pop_container_id"] = "c-123", ["image"] = "nfp/haproxy" },
        };

    public static NetworkServiceInstance Instance(NetworkService service, Guid? nsdId, params Guid[] ports) =>
        NewRows.Instances(service, ports)[0] with { NsdId = nsdId };

    public static NsdInterface Interface(NetworkServiceDevice device, Guid portId, int position) =>
        NewRows.Interface(device, portId, position, new PluggedInterface("endpoint-" + position, $"10.0.2.{10 + position}", "10.0.2.0/24", $"02:42:0a:00:02:{10 + position:x2}"));

    public static Operation Operation(Guid resourceId, OperationKind kind = OperationKind.Create) => NewRows.Operation(kind, resourceId);
}
