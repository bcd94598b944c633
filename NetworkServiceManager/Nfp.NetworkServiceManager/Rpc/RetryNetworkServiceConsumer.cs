using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// retry_network_service: the operation that put the service in ERROR — its last, FAILED_TEMP — runs
/// again from its first step (every step redoes only what is not done, and a device found dead is made
/// again), and the service is PENDING_UPDATE (PENDING_DELETE for a delete), in one transaction. A service
/// not in ERROR, or whose last operation is not FAILED_TEMP (nothing failed, or a later one superseded
/// it), is a conflict.
/// </summary>
internal sealed class RetryNetworkServiceConsumer(
    ServiceWrites writes, NetworkServiceRepository services, OperationRepository operations, RpcAnswers answers)
    : RpcConsumer<RetryNetworkService>(answers)
{
    protected override Task AnswerAsync(RpcCall<RetryNetworkService> call) =>
        writes.WriteAsync(call, call.Message.NetworkServiceId, async (service, transaction) =>
        {
            var cancellationToken = call.CancellationToken;
            if (service.ProvisioningStatus != ProvisioningStatus.Error)
            {
                return (null, null,
                    $"Network service {service.Id} is {NfpJson.WireName(service.ProvisioningStatus)}; only a service in ERROR has a failed operation to retry.");
            }
            if (await operations.LastAsync(service.Id, transaction, cancellationToken) is not { State: OperationState.FailedTemp } failed)
            {
                return (null, null, $"Network service {service.Id} has no failed operation to retry; update or delete it.");
            }
            var retried = await operations.RetryAsync(failed, transaction, cancellationToken);
            var pending = failed.Kind == OperationKind.Delete ? ProvisioningStatus.PendingDelete : ProvisioningStatus.PendingUpdate;
            var changed = await services.SetProvisioningStatusAsync(service.Id, service.Version, pending,
                $"retry of {NfpJson.WireName(failed.Kind)} operation {failed.Id} requested", transaction, cancellationToken);
            return (changed, retried, "");
        });
}

internal sealed class RetryNetworkServiceDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<RetryNetworkServiceConsumer, RetryNetworkService>(options);
