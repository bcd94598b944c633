using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Drivers;

/// <summary>
/// A lifecycle driver makes, finds, plugs and deletes the devices of one vendor (NFP spec: the device
/// lifecycle driver). The manager picks the driver by the service profile's vendor from its configuration
/// (<c>LifecycleDrivers:{vendor}</c>, an assembly and a type), builds it once with its <c>Settings</c>
/// section as an <c>IConfiguration</c> constructor argument, and calls it from its orchestration steps.
/// <para>
/// What every method may assume: it is called for one service at a time, and for one device at a time
/// (the manager holds the service's and the device's locks); the device row already exists with its id,
/// which the driver should use to name what it makes. What every method must do: be idempotent — the
/// manager may be killed after a call and before it recorded the result, and will call again with the
/// same arguments; a second call must find what the first made, not make it twice. What it may throw:
/// <see cref="LifecycleDriverException"/> (with <see cref="LifecycleDriverException.IsTransient"/> true to
/// be called again a little later, false to fail the operation now with its message); any other
/// exception counts as transient. The manager bounds every call by the step's deadline through the
/// cancellation token; a step that keeps failing past its deadline fails its operation.
/// </para>
/// <para>
/// The config the get_*_info methods describe goes to the configurator, which finds the device by the
/// <c>mgmt_ip_address</c> every resource's data must carry; the rest of a resource's data is for the
/// vendor driver that applies it (<see cref="IVendorDriver"/>). A healthmonitor resource also names its
/// <c>periodicity</c> (<c>initial</c> or <c>forever</c>).
/// </para>
/// </summary>
public interface ILifecycleDriver
{
    /// <summary>
    /// get_nsd_sharing_info: how many data interfaces a device made for <paramref name="request"/> takes,
    /// and whether it may render further services. The manager shares a device only when both its
    /// profile and this answer allow it.
    /// </summary>
    NsdSharingInfo GetNsdSharingInfo(NsdRequest request);

    /// <summary>
    /// What is wrong with <paramref name="ports"/> for a new service, checked before it is accepted: each
    /// port's network must be one the driver plugs devices into, and an address a port names must be in
    /// that network's subnet and free. Fields are named as the create names them
    /// (<c>port_info[1].network</c>, <c>port_info[0].ip_address</c>); empty when all is well. Must not change anything.
    /// </summary>
    /// <exception cref="LifecycleDriverException">Transient: the driver's provider could not be asked now.</exception>
    Task<IReadOnlyList<FieldError>> CheckPortsAsync(IReadOnlyList<PortInfo> ports, CancellationToken cancellationToken);

    /// <summary>
    /// select_nsd: picks the device to render <paramref name="request"/> on among
    /// <paramref name="candidates"/> — devices the manager already found shareable (same tenant and vendor,
    /// ACTIVE, sharing allowed, enough spare interfaces, no second VPN) — or null to make a new device.
    /// Must not change anything.
    /// </summary>
    Task<NetworkServiceDevice?> SelectNsdAsync(NsdRequest request, IReadOnlyList<NetworkServiceDevice> candidates, CancellationToken cancellationToken);

    /// <summary>
    /// create_nsd: makes and starts the device <paramref name="device"/> (its id, tenant and vendor are
    /// set), with its management interface. Returns its management address and what the driver needs to
    /// find it again (kept as the device's provider_metadata). May return before the device is up;
    /// <see cref="GetNsdStatusAsync"/> says when it is.
    /// </summary>
    Task<NsdCreated> CreateNsdAsync(NsdRequest request, NetworkServiceDevice device, CancellationToken cancellationToken);

    /// <summary>
    /// Makes and starts a spare device (<paramref name="device"/>: its id and vendor set, of no tenant) for
    /// services of <paramref name="serviceType"/>, with its management interface and nothing else, as
    /// <see cref="CreateNsdAsync"/> would for such a service. The manager keeps a pool of them
    /// (<c>LifecycleDrivers:{vendor}:SparePool</c>) and hands one to a create or a failover, which plugs and configures
    /// it; until then it belongs to no service and is watched through <see cref="GetNsdStatusAsync"/>.
    /// </summary>
    Task<NsdCreated> CreateSpareNsdAsync(ServiceType serviceType, NetworkServiceDevice device, CancellationToken cancellationToken);

    /// <summary>get_nsd_status: whether the device is still coming up, up, or broken (with why).</summary>
    Task<NsdStatus> GetNsdStatusAsync(NetworkServiceDevice device, CancellationToken cancellationToken);

    /// <summary>
    /// plug_nsd_interface: plugs <paramref name="port"/> into the running device as data interface
    /// <paramref name="position"/>, at the port's address if it has one. Returns the driver's name for the
    /// plugged interface and where it is (address, CIDR, MAC), which the manager keeps on the interface and
    /// hands back to <see cref="GetNsdConfigInfo"/> and <see cref="GetNetworkServiceConfigInfo"/>. A port
    /// already plugged is returned as it is. For a device of an active-standby pair,
    /// <paramref name="virtualIpAddress"/> is the pair's address on the port's network ("" when none is
    /// chosen yet: the driver chooses one, the first member's plug), which the driver reserves for the
    /// device to hold besides its own (the port's <c>ip_address</c> is then the device's own, or empty);
    /// null for a lone device.
    /// </summary>
    Task<PluggedInterface> PlugNsdInterfaceAsync(
        NetworkServiceDevice device, PortInfo port, int position, string? virtualIpAddress, CancellationToken cancellationToken);

    /// <summary>unplug_nsd_interface: unplugs <paramref name="port"/>; a port not plugged (or a device gone) is success.</summary>
    Task UnplugNsdInterfaceAsync(NetworkServiceDevice device, PortInfo port, CancellationToken cancellationToken);

    /// <summary>delete_nsd: stops and removes the device and releases its addresses; a device already gone is success.</summary>
    Task DeleteNsdAsync(NetworkServiceDevice device, CancellationToken cancellationToken);

    /// <summary>
    /// Follows the devices this driver made and calls <paramref name="died"/> for each one its provider
    /// says ended without the manager asking (its container crashed or was killed): first for those dead
    /// already, then as they die, until <paramref name="cancellationToken"/> ends it. It keeps following
    /// through its provider's outages (reconnecting), and may tell a death more than once. The manager runs
    /// it for its whole life and fails the device over; a driver with no way to follow returns at once,
    /// and the configurator's health monitor alone declares its devices dead.
    /// </summary>
    Task WatchNsdsAsync(Func<NsdDeath, Task> died, CancellationToken cancellationToken);

    /// <summary>get_nsd_healthcheck_info: the healthmonitor config the configurator should watch the device with.</summary>
    IReadOnlyList<ConfigResource> GetNsdHealthcheckInfo(NetworkServiceDevice device);

    /// <summary>
    /// get_nsd_config_info: the device-wide config (interfaces, routes) of the device with the service's
    /// <paramref name="ports"/> plugged as their interfaces say, sent to the configurator as create_nsd_config;
    /// for a device of an active-standby pair (<paramref name="peer"/> not null) also its VRRP instance,
    /// holding each port's address (the pair's: <c>PortInfo.IpAddress</c>) on the port's interface.
    /// Made from what it is given: it must not call the device or its provider.
    /// </summary>
    IReadOnlyList<ConfigResource> GetNsdConfigInfo(NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, NsdPeer? peer);

    /// <summary>
    /// get_network_service_config_info: the service's own config (firewall rules, load balancer, VPN; a
    /// pair's load balancer listens on the pair's address, the consumer port's)
    /// for the configurator's create_network_service_config (and, on a shared device,
    /// delete_network_service_config), whole: from the service's <c>service_config</c>, its
    /// <paramref name="ports"/> (in the order the create gave them, as plugged into the device) and
    /// <paramref name="members"/> — the provider group's policy targets as the service's operations up to
    /// <paramref name="operation"/> left them (the create's, then each added or removed). The operation's
    /// kind and parameters (<c>OperationParameters.cs</c>) say what changed (an update, a member or
    /// consumer added or removed, new chain parameters); the config describes the state after it, so that
    /// sending it again changes nothing. Made from what it is given: it must not call the device or its provider.
    /// </summary>
    IReadOnlyList<ConfigResource> GetNetworkServiceConfigInfo(
        NetworkService service, NetworkServiceDevice device, IReadOnlyList<PluggedPort> ports, IReadOnlyList<PolicyTarget> members,
        Operation operation);
}
