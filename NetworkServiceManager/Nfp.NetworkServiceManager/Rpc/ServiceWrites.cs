using MassTransit;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// The shape every write on an existing network service shares: validate, then in one transaction find
/// the service, change it, and record the Operation; answer with their ids, or with the refusal
/// (not_found, or the conflict <c>change</c> names) having written nothing.
/// </summary>
internal sealed class ServiceWrites(NpgsqlDataSource dataSource, NetworkServiceRepository services, OperationRepository operations)
{
    /// <summary>
    /// Applies <paramref name="change"/> to the service <paramref name="networkServiceId"/>; it returns the
    /// changed service, or a conflict message to refuse the request.
    /// </summary>
    public async Task AcceptAsync<T>(
        ConsumeContext<T> context, Guid networkServiceId, OperationKind kind,
        Func<NetworkService, NpgsqlTransaction, Task<(NetworkService? Changed, string Conflict)>> change)
        where T : class
    {
        if (await RpcReplies.RefusedAsInvalidAsync(context))
        {
            return;
        }
        var cancellationToken = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.FindAsync(networkServiceId, transaction, cancellationToken);
        if (service is null)
        {
            await RpcReplies.NotFoundAsync(context, networkServiceId);
            return;
        }
        var (changed, conflict) = await change(service, transaction);
        if (changed is null)
        {
            await RpcReplies.ConflictAsync(context, conflict);
            return;
        }
        var operation = await operations.CreateAsync(Operations.New(kind, networkServiceId), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await context.RespondAsync(new NetworkServiceAccepted(networkServiceId, operation.Id, changed.ProvisioningStatus));
    }
}
