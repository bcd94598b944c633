using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// The operator's failover of a service's device: a failover operation (not automatic, so the circuit
/// breaker does not hold it) replacing the device as it is now (or making it, when a failover that failed
/// left none), and the service PENDING_UPDATE, in one transaction; a failed operation still to retry is
/// superseded. A service that is not ACTIVE or ERROR (an operation is under way) or that was never given
/// a device is a conflict. Of an active-standby pair, the device named (failover_nsd) is replaced, or —
/// failover_network_service — the standby's, so that no traffic is lost; the active one is replaced by
/// naming it.
/// </summary>
internal sealed class FailoverWrites(
    ServiceWrites writes, NetworkServiceRepository services, NetworkServiceInstanceRepository instances,
    NetworkServiceDeviceRepository devices, OperationRepository operations)
{
    public Task AcceptAsync<T>(RpcCall<T> call, Guid networkServiceId, Guid? nsdId = null) where T : class =>
        writes.WriteAsync(call, networkServiceId, async (service, transaction) =>
        {
            var cancellationToken = call.CancellationToken;
            if (service.ProvisioningStatus is not (ProvisioningStatus.Active or ProvisioningStatus.Error))
            {
                return (null, null,
                    $"Network service {service.Id} is {NfpJson.WireName(service.ProvisioningStatus)}; it is failed over when ACTIVE or ERROR.");
            }
            var serviceInstances = await instances.WhereAsync("network_service_id", service.Id, transaction, cancellationToken);
            var instance = serviceInstances.FirstOrDefault(i => nsdId is not null && i.NsdId == nsdId)
                ?? serviceInstances.OrderBy(i => i.HaState == HaState.Active).FirstOrDefault();
            if (instance?.NsdId is not { } replaced)
            {
                return (null, null, $"Network service {service.Id} has no device to fail over; retry or update it.");
            }
            // A device whose container is gone (a failover that failed) is made; a living one is replaced.
            var device = await devices.GetAsync(replaced, transaction, cancellationToken);
            var operation = await operations.CreateAsync(NewRows.Operation(OperationKind.Failover, service.Id,
                new FailoverParameters(device.Id, device.ProviderMetadata, "requested by the operator")), transaction, cancellationToken);
            await operations.SupersedeFailedAsync(service.Id, operation.Id, transaction, cancellationToken);
            var changed = await services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.PendingUpdate,
                $"failover of device {device.Id} requested", transaction, cancellationToken);
            return (changed, operation, "");
        });
}

/// <summary>failover_network_service (<see cref="FailoverWrites"/>).</summary>
internal sealed class FailoverNetworkServiceConsumer(FailoverWrites failovers, RpcAnswers answers)
    : RpcConsumer<FailoverNetworkService>(answers)
{
    protected override Task AnswerAsync(RpcCall<FailoverNetworkService> call) => failovers.AcceptAsync(call, call.Message.NetworkServiceId);
}

internal sealed class FailoverNetworkServiceDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<FailoverNetworkServiceConsumer, FailoverNetworkService>(options);

/// <summary>
/// failover_nsd: the failover of the first live service the device renders (in the order they came to
/// it), whose failover fails over the device's other services with it. An unknown device, or one no live
/// service is rendered on, is not_found.
/// </summary>
internal sealed class FailoverNsdConsumer(FailoverWrites failovers, NetworkServiceInstanceRepository instances, RpcAnswers answers)
    : RpcConsumer<FailoverNsd>(answers)
{
    protected override async Task AnswerAsync(RpcCall<FailoverNsd> call)
    {
        var rendered = (await instances.WhereAsync("nsd_id", call.Message.NsdId, cancellationToken: call.CancellationToken))
            .FirstOrDefault(i => i.ProvisioningStatus != ProvisioningStatus.Deleted);
        await (rendered is null
            ? call.NotFoundAsync(call.Message.NsdId, "network service device rendering a live service")
            : failovers.AcceptAsync(call, rendered.NetworkServiceId, call.Message.NsdId));
    }
}

internal sealed class FailoverNsdDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<FailoverNsdConsumer, FailoverNsd>(options);
