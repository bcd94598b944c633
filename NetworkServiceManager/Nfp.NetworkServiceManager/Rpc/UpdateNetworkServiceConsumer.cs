using MassTransit;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// update_network_service: stores the new service_config, moves the service to PENDING_UPDATE and writes
/// an update Operation, in one transaction. Only a service at rest (ACTIVE, or ERROR to retry) takes an
/// update; one still PENDING_* is a conflict, not a silent queue.
/// </summary>
internal sealed class UpdateNetworkServiceConsumer(ServiceWrites writes, NetworkServiceRepository services)
    : IConsumer<UpdateNetworkService>
{
    public Task Consume(ConsumeContext<UpdateNetworkService> context) =>
        writes.AcceptAsync(context, context.Message.NetworkServiceId, OperationKind.Update, async (service, transaction) =>
        {
            if (service.ProvisioningStatus is not (ProvisioningStatus.Active or ProvisioningStatus.Error))
            {
                return (null, $"Network service {service.Id} is {NfpJson.WireName(service.ProvisioningStatus)}; it takes an update when ACTIVE or ERROR.");
            }
            var cancellationToken = context.CancellationToken;
            var updated = await services.UpdateAsync(service with { ServiceConfig = context.Message.ServiceConfig }, transaction, cancellationToken);
            return (await services.SetProvisioningStatusAsync(updated.Id, updated.Version, ProvisioningStatus.PendingUpdate,
                "update requested", transaction, cancellationToken), "");
        });
}
