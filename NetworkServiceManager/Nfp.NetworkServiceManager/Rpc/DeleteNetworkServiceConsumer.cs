using MassTransit;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// delete_network_service: moves the service to PENDING_DELETE (also from PENDING_CREATE: a delete
/// during a create cancels it) and writes a delete Operation, in one transaction. A service already
/// being deleted, or deleted, is a conflict.
/// </summary>
internal sealed class DeleteNetworkServiceConsumer(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, OperationRepository operations)
    : IConsumer<DeleteNetworkService>
{
    public async Task Consume(ConsumeContext<DeleteNetworkService> context)
    {
        if (await RpcReplies.RefusedAsInvalidAsync(context))
        {
            return;
        }
        var id = context.Message.NetworkServiceId;
        var cancellationToken = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.FindAsync(id, transaction, cancellationToken);
        if (service is null)
        {
            await RpcReplies.NotFoundAsync(context, id);
            return;
        }
        try
        {
            service = await services.SetProvisioningStatusAsync(id, service.Version, ProvisioningStatus.PendingDelete, "delete requested",
                transaction, cancellationToken);
        }
        catch (Exception e) when (e is IllegalTransitionException or ConcurrencyConflictException)
        {
            await RpcReplies.ConflictAsync(context, $"Network service {id} cannot be deleted now: {e.Message}");
            return;
        }
        var operation = await operations.CreateAsync(Operations.New(OperationKind.Delete, id), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await context.RespondAsync(new NetworkServiceAccepted(id, operation.Id, service.ProvisioningStatus));
    }
}
