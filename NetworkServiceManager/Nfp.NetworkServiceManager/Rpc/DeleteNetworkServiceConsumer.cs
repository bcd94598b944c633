using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// delete_network_service: moves the service to PENDING_DELETE (also from PENDING_CREATE: a delete
/// during a create cancels it) and writes a delete Operation, in one transaction. A service already
/// being deleted, or deleted, is a conflict.
/// </summary>
internal sealed class DeleteNetworkServiceConsumer(ServiceWrites writes, NetworkServiceRepository services, RpcAnswers answers)
    : RpcConsumer<DeleteNetworkService>(answers)
{
    protected override Task AnswerAsync(RpcCall<DeleteNetworkService> call) =>
        writes.AcceptAsync(call, call.Message.NetworkServiceId, OperationKind.Delete, null, async (service, transaction) =>
        {
            try
            {
                return (await services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.PendingDelete,
                    "delete requested", transaction, call.CancellationToken), "");
            }
            catch (Exception e) when (e is IllegalTransitionException or ConcurrencyConflictException)
            {
                return (null, $"Network service {service.Id} cannot be deleted now: {e.Message}");
            }
        });
}

internal sealed class DeleteNetworkServiceDefinition(IOptions<RpcOptions> options) : RpcConsumerDefinition<DeleteNetworkServiceConsumer, DeleteNetworkService>(options);
