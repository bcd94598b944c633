using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;

namespace Nfp.Schema.Drivers;

/// <summary>
/// A vendor driver configures the devices of one vendor from the configurator (NFP spec: the
/// configurator's vendor drivers, beneath its service modules). The configurator picks it by the
/// request's service_vendor from its configuration (<c>VendorDrivers:{vendor}</c>, an assembly, a type
/// and its <c>Settings</c>, loaded by the hosting library's <c>DriverPlugins</c>).
/// <para>
/// What every method may assume: the request passed the contract's checks, and
/// <see cref="ApplyAsync"/> calls for one device come one at a time (probes may run beside them, one
/// per monitor), each bounded by the configurator's <c>Config:ApplyTimeoutSeconds</c>. What it must do: <see cref="ApplyAsync"/> is idempotent — the manager sends a
/// call again when its answer is late, and a restarted configurator has forgotten everything — and
/// <see cref="Check"/> refuses every resource the driver could not apply, before anything is applied, so
/// that a bad request leaves the device's running config as it was. What it may throw:
/// <see cref="VendorDriverException"/> from <see cref="ApplyAsync"/>, whose message becomes the failure
/// notification's reason; any other exception is reported the same way with its message.
/// </para>
/// </summary>
public interface IVendorDriver
{
    /// <summary>The resources this driver configures, among interfaces, routes, firewall, loadbalancer and vpn.</summary>
    IReadOnlySet<ConfigResourceKind> Resources { get; }

    /// <summary>
    /// What is wrong with <paramref name="resource"/>'s data for this driver; empty when it can be applied.
    /// Fields are named below <c>resource_data</c> (e.g. <c>members[1].address</c>). Must not touch the device.
    /// </summary>
    IReadOnlyList<FieldError> Check(ConfigResource resource);

    /// <summary>Applies <paramref name="change"/>'s resource to its device, or takes it away when it is a removal.</summary>
    Task ApplyAsync(DeviceChange change, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the device <paramref name="nsdId"/> answers at <paramref name="mgmtIpAddress"/>, and its HA
    /// state when it is one of an active-standby pair; <see cref="NsdProbe.Silent"/> (never an exception)
    /// when nothing answers there, or something else does — another device given the address must not
    /// pass for this one (<see cref="DeviceCredentials"/>).
    /// </summary>
    Task<NsdProbe> ProbeAsync(string mgmtIpAddress, Guid nsdId, CancellationToken cancellationToken);
}

/// <summary>One resource to apply to (or, when <see cref="Removing"/>, take away from) the device at <see cref="MgmtIpAddress"/>.</summary>
public sealed record DeviceChange(string MgmtIpAddress, ConfigResource Resource, bool Removing, ConfigContext Context);

/// <summary>A device refused or failed a change; the message says why, for the failure notification.</summary>
public sealed class VendorDriverException(string message, Exception? inner = null) : Exception(message, inner);
