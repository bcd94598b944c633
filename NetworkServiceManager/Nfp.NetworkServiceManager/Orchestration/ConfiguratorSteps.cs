using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Drivers;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The steps that configure the device through the configurator: each sends its call with the config
/// the lifecycle driver describes (get_nsd_config_info, get_network_service_config_info,
/// get_nsd_healthcheck_info) and is done when the configurator's notification says so. Until then it
/// sends the call again every <see cref="OrchestrationOptions.ConfiguratorResendSeconds"/> — config calls
/// are idempotent, and a configurator that restarted has forgotten the first — and the step's deadline
/// bounds the whole wait.
/// </summary>
internal sealed class ConfiguratorSteps(
    LifecycleDrivers drivers, ServiceParts parts, ConfiguratorProxyClient configurator, NotificationInbox inbox,
    IOptions<OrchestrationOptions> options)
{
    /// <summary>
    /// create_nsd_config: the device-wide config of every data interface the service has plugged, and on a
    /// device of an active-standby pair its VRRP instance with the other device as its peer.
    /// </summary>
    public Task<StepOutcome> CreateNsdConfigAsync(StepContext context) =>
        CallAsync(context, ConfiguratorMethod.CreateNsdConfig, skipUnlessShared: false, async (instance, device) =>
            drivers.For(context.Service).GetNsdConfigInfo(device, await parts.PluggedPortsAsync(instance, device, context.CancellationToken),
                await PeerAsync(context)));

    /// <summary>The other device of the instance's pair, or null for a lone instance (or a pair whose other device is not made yet).</summary>
    private async Task<NsdPeer?> PeerAsync(StepContext context) =>
        context.Peer is { } peer && await parts.DeviceAsync(peer, context.CancellationToken) is { MgmtIpAddress.Length: > 0 } device
            ? new NsdPeer(device.MgmtIpAddress, context.Instances.ToList().IndexOf(context.Instance), NsdPeer.VirtualRouterIdOf(context.Service.Id))
            : null;

    /// <summary>create_network_service_config: the service's own config, as the operation leaves it.</summary>
    public Task<StepOutcome> CreateNetworkServiceConfigAsync(StepContext context) =>
        CallAsync(context, ConfiguratorMethod.CreateNetworkServiceConfig, skipUnlessShared: false, (instance, device) =>
            NetworkServiceConfigAsync(context, instance, device));

    /// <summary>create_network_service_healthmonitor: the checks the configurator watches the device with.</summary>
    public Task<StepOutcome> CreateNetworkServiceHealthmonitorAsync(StepContext context) =>
        CallAsync(context, ConfiguratorMethod.CreateNetworkServiceHealthmonitor, skipUnlessShared: false, (_, device) =>
            Task.FromResult(drivers.For(context.Service).GetNsdHealthcheckInfo(device)));

    /// <summary>delete_network_service_healthmonitor: stop watching the device for this service.</summary>
    public Task<StepOutcome> DeleteNetworkServiceHealthmonitorAsync(StepContext context) =>
        CallAsync(context, ConfiguratorMethod.DeleteNetworkServiceHealthmonitor, skipUnlessShared: false, (_, device) =>
            Task.FromResult(drivers.For(context.Service).GetNsdHealthcheckInfo(device)));

    /// <summary>
    /// delete_network_service_config: remove the service's config from a device other services still use;
    /// a device used by this service alone is deleted whole, config and all.
    /// </summary>
    public Task<StepOutcome> DeleteNetworkServiceConfigAsync(StepContext context) =>
        CallAsync(context, ConfiguratorMethod.DeleteNetworkServiceConfig, skipUnlessShared: true, (instance, device) =>
            NetworkServiceConfigAsync(context, instance, device));

    /// <summary>get_network_service_config_info, with the service's plugged ports and its members as of the operation.</summary>
    private async Task<IReadOnlyList<ConfigResource>> NetworkServiceConfigAsync(StepContext context, NetworkServiceInstance instance, NetworkServiceDevice device) =>
        drivers.For(context.Service).GetNetworkServiceConfigInfo(context.Service, device,
            await parts.PluggedPortsAsync(instance, device, context.CancellationToken), await parts.MembersAsync(context.Operation, context.CancellationToken),
            context.Operation);

    private async Task<StepOutcome> CallAsync(
        StepContext context, ConfiguratorMethod method, bool skipUnlessShared,
        Func<NetworkServiceInstance, NetworkServiceDevice, Task<IReadOnlyList<ConfigResource>>> config)
    {
        var cancellationToken = context.CancellationToken;
        var instance = context.Instance;
        var device = await parts.DeviceAsync(instance, cancellationToken);
        var undoing = method is ConfiguratorMethod.DeleteNetworkServiceHealthmonitor or ConfiguratorMethod.DeleteNetworkServiceConfig;
        if (device is null || device.ProviderMetadata.Count == 0 || instance.ProvisioningStatus == ProvisioningStatus.Deleted)
        {
            // Nothing to unconfigure (a create cancelled before its device was made, a device already
            // given back); but nothing to configure is a failure — an update of a service whose create
            // failed before it had a device must not report it ACTIVE.
            return undoing
                ? new StepOutcome.Next()
                : new StepOutcome.Fail($"Network service {context.Service.Id} has no device to configure; delete it and create it again.");
        }
        if (skipUnlessShared && device.ReferenceCount <= 1)
        {
            return new StepOutcome.Next();
        }
        if (await inbox.FindAsync(context.Operation.Id, device.Id, method, cancellationToken) is { } answer)
        {
            var failure = $"The configurator's {NfpJson.WireName(method)} failed: {answer.Reason}";
            // A delete goes on when the configurator cannot undo its config: the device is going (or
            // another service keeps it); the failure stays in the step's record.
            return answer.Result == ConfigResult.Success ? new StepOutcome.Next()
                : undoing ? new StepOutcome.Next(Detail: failure)
                : new StepOutcome.Fail(failure);
        }
        await configurator.CallAsync(method, context.Service, instance, device, context.Operation, await config(instance, device), cancellationToken);
        return new StepOutcome.Retry(TimeSpan.FromSeconds(options.Value.ConfiguratorResendSeconds),
            $"waiting for the answer to {NfpJson.WireName(method)}", method);
    }
}
