using System.Text.Json;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// Every new row the manager writes, built in this one place with its defaults (as Octavia's
/// <c>db/prepare.py</c> does): a resource starts PENDING_CREATE with NO_MONITOR, an operation STARTING,
/// and what the database keeps (timestamps, version) is left for it to fill in.
/// </summary>
internal static class NewRows
{
    /// <summary>An empty JSON object: the service_config of a create that gave none, the parameters of an operation that carries none.</summary>
    public static readonly JsonElement EmptyConfig = JsonSerializer.SerializeToElement(new { });

    public static PortInfo Port(PortInfoRequest port) =>
        new(port.Id, port.PortPolicy, port.PortClassification, port.PortType, port.Network, port.IpAddress, default, default, 0);

    /// <summary>The network service a create asks for, with its profile.</summary>
    public static NetworkService Service(CreateNetworkService request) => new(
        Guid.NewGuid(), request.Name, request.Description, request.TenantId, request.ServiceId, request.ServiceChainId,
        request.ServiceProfile.Id, request.ServiceProfile.ServiceType, request.ServiceProfile.ServiceVendor, request.ServiceProfile.AllowSharing,
        request.ServiceProfile.Topology,
        request.ServiceConfig ?? EmptyConfig, ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    /// <summary>
    /// The service's instances, each plugged into <paramref name="ports"/> in that order: one, or an
    /// active-standby pair (-0 meant active, -1 standby, until their devices say which they are).
    /// </summary>
    public static IReadOnlyList<NetworkServiceInstance> Instances(NetworkService service, IReadOnlyList<Guid> ports) =>
        service.Topology == ServiceTopology.ActiveStandby
            ? [Instance(service, ports, 0, HaState.Active), Instance(service, ports, 1, HaState.Standby)]
            : [Instance(service, ports, 0, HaState.None)];

    private static NetworkServiceInstance Instance(NetworkService service, IReadOnlyList<Guid> ports, int position, HaState haState) => new(
        Guid.NewGuid(), $"{service.Name}-{position}".TrimStart('-'), "", service.TenantId, service.Id, ports, haState, null,
        ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    /// <summary>A device to be made for <paramref name="service"/>, its first service, which reserves <paramref name="interfaces"/> of its data interfaces.</summary>
    public static NetworkServiceDevice Device(NetworkService service, NsdSharingInfo sharing, int interfaces, bool shareable) => new(
        Guid.NewGuid(), $"{service.ServiceVendor}-{service.Name}".TrimEnd('-'), $"renders {service.Id}", service.TenantId, service.ServiceVendor,
        "", sharing.MaxInterfaces, interfaces, 1, shareable, new Dictionary<string, string>(),
        ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    /// <summary>A spare device of <paramref name="vendor"/>'s pool, to be made: of no tenant (the nil uuid) and no service, with no interface reserved.</summary>
    public static NetworkServiceDevice Spare(string vendor) => new(
        Guid.NewGuid(), $"spare-{vendor}", "a spare of the pool", Guid.Empty, vendor, "", 0, 0, 0, false, new Dictionary<string, string>(),
        ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    /// <summary>
    /// The spare <paramref name="spare"/>, taken to stand for <paramref name="role"/> — a new device for a
    /// service (<see cref="Device"/>), or a dead device it replaces: the role's tenant, name and accounting,
    /// the spare's own id, address and make, described as <paramref name="how"/> it was taken.
    /// </summary>
    public static NetworkServiceDevice Taken(NetworkServiceDevice spare, NetworkServiceDevice role, string how) => spare with
    {
        Name = role.Name, Description = $"{role.Description}; {how}", TenantId = role.TenantId, MaxInterfaces = role.MaxInterfaces,
        InterfacesInUse = role.InterfacesInUse, ReferenceCount = role.ReferenceCount, AllowSharing = role.AllowSharing,
    };

    /// <summary>The port <paramref name="portId"/> plugged into <paramref name="device"/> at <paramref name="position"/>, where the plug put it.</summary>
    public static NsdInterface Interface(NetworkServiceDevice device, Guid portId, int position, PluggedInterface plugged) => new(
        Guid.NewGuid(), device.TenantId, device.Id, portId, position, plugged.MappedRealPortId, plugged.IpAddress, plugged.Cidr, plugged.Mac,
        default, default, 0);

    /// <summary>
    /// A new operation on a network service, not started yet, carrying <paramref name="parameters"/> (the
    /// record of its kind, <c>OperationParameters.cs</c>; null: none): one a caller asked for, or one the
    /// manager made itself (<paramref name="isAutomatic"/>).
    /// </summary>
    public static Operation Operation(OperationKind kind, Guid networkServiceId, object? parameters = null, bool isAutomatic = false) =>
        new(Guid.NewGuid(), kind, ResourceType.NetworkService, networkServiceId, OperationState.Starting, isAutomatic, "", "", 0, null,
            parameters is null ? EmptyConfig : JsonSerializer.SerializeToElement(parameters, parameters.GetType(), NfpJson.Options),
            default, default, default, 0);
}
