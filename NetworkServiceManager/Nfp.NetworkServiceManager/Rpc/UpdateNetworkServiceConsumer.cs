using MassTransit;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// update_network_service: stores the new service_config, moves the service to PENDING_UPDATE and writes
/// an update Operation, in one transaction. Only a service at rest (ACTIVE, or ERROR to retry) takes an
/// update; one still PENDING_* is a conflict, not a silent queue.
/// </summary>
internal sealed class UpdateNetworkServiceConsumer(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, OperationRepository operations)
    : IConsumer<UpdateNetworkService>
{
    public async Task Consume(ConsumeContext<UpdateNetworkService> context)
    {
        if (await RpcReplies.RefusedAsInvalidAsync(context))
        {
            return;
        }
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.FindAsync(request.NetworkServiceId, transaction, cancellationToken);
        if (service is null)
        {
            await RpcReplies.NotFoundAsync(context, request.NetworkServiceId);
            return;
        }
        if (service.ProvisioningStatus is not (ProvisioningStatus.Active or ProvisioningStatus.Error))
        {
            await RpcReplies.ConflictAsync(context,
                $"Network service {service.Id} is {Schema.Json.NfpJson.WireName(service.ProvisioningStatus)}; it takes an update when ACTIVE or ERROR.");
            return;
        }
        service = await services.UpdateAsync(service with { ServiceConfig = request.ServiceConfig }, transaction, cancellationToken);
        service = await services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.PendingUpdate, "update requested",
            transaction, cancellationToken);
        var operation = await operations.CreateAsync(Operations.New(OperationKind.Update, service.Id), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await context.RespondAsync(new NetworkServiceAccepted(service.Id, operation.Id, service.ProvisioningStatus));
    }
}
