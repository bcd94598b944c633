using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>New, valid rows of every resource, to be adjusted with <c>with { ... }</c>. Database-kept fields are left default.</summary>
public static class Rows
{
    public static NetworkService NetworkService(Guid? tenantId = null) => new(
        Guid.NewGuid(), "web-lb", "load balancer of the web tier", tenantId ?? Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(),
        Guid.NewGuid(), ServiceType.Loadbalancer, "haproxy", false, "{\"vip\":\"10.0.0.10\"}", ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    public static PortInfo PortInfo(PortClassification classification = PortClassification.Provider) => new(
        Guid.NewGuid(), PortPolicy.GbpPolicyTarget, classification, PortType.Active, "tenant-web", "", default, default, 0);

    public static NetworkServiceDevice Device(Guid tenantId) => new(
        Guid.NewGuid(), "haproxy-1", "", tenantId, "haproxy", "172.16.0.5", 8, 2, 1, true,
        new Dictionary<string, string> { ["pop_container_id"] = "c-123", ["image"] = "nfp/haproxy" },
        ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    public static NetworkServiceInstance Instance(NetworkService service, Guid? nsdId, params Guid[] ports) => new(
        Guid.NewGuid(), "web-lb-0", "", service.TenantId, service.Id, ports, HaState.None, nsdId,
        ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    public static NsdInterface Interface(NetworkServiceDevice device, Guid portId, int position) => new(
        Guid.NewGuid(), device.TenantId, device.Id, portId, position, "endpoint-" + position, default, default, 0);

    public static Operation Operation(Guid resourceId, OperationKind kind = OperationKind.Create) => new(
        Guid.NewGuid(), kind, ResourceType.NetworkService, resourceId, OperationState.Starting, false, "", "", 0, null,
        System.Text.Json.JsonSerializer.SerializeToElement(new { }), default, default, default, 0);
}
