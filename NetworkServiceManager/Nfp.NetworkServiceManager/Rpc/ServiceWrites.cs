using MassTransit;
using Nfp.NetworkServiceManager.Orchestration;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// The shape every write on an existing network service shares: in one transaction find the service,
/// change it, and record the Operation; answer with their ids, or with the refusal
/// (not_found, or the conflict <c>change</c> names) having written nothing; then hand the operation to
/// the workers.
/// </summary>
internal sealed class ServiceWrites(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, OperationRepository operations, OrchestrationQueueSender events)
{
    /// <summary>
    /// Applies <paramref name="change"/> to the service <paramref name="networkServiceId"/>; it returns the
    /// changed service, or a conflict message to refuse the request. The operation keeps
    /// <paramref name="parameters"/> (what the request carried beyond the service's id) for its steps.
    /// </summary>
    public async Task AcceptAsync<T>(
        RpcCall<T> call, Guid networkServiceId, OperationKind kind, object? parameters,
        Func<NetworkService, NpgsqlTransaction, Task<(NetworkService? Changed, string Conflict)>> change)
        where T : class
    {
        var cancellationToken = call.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.FindAsync(networkServiceId, transaction, cancellationToken);
        if (service is null)
        {
            await call.NotFoundAsync(networkServiceId);
            return;
        }
        var (changed, conflict) = await change(service, transaction);
        if (changed is null)
        {
            await call.ConflictAsync(conflict);
            return;
        }
        var operation = await operations.CreateAsync(NewRows.Operation(kind, networkServiceId, parameters), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await call.AnswerAsync(new NetworkServiceAccepted(networkServiceId, operation.Id, changed.ProvisioningStatus));
        await events.SendAsync(networkServiceId, cancellationToken);
    }

    /// <summary>
    /// A reconfiguration of the live service (an update or a notification): taken only at rest — ACTIVE,
    /// or ERROR to retry — and moving the service to PENDING_UPDATE; a service still PENDING_* is a
    /// conflict, not a silent queue. <paramref name="edit"/> changes the stored service first, if needed.
    /// </summary>
    public Task ReconfigureAsync<T>(
        RpcCall<T> call, Guid networkServiceId, OperationKind kind, object? parameters, Func<NetworkService, NetworkService>? edit = null)
        where T : class =>
        AcceptAsync(call, networkServiceId, kind, parameters, async (service, transaction) =>
        {
            if (service.ProvisioningStatus is not (ProvisioningStatus.Active or ProvisioningStatus.Error))
            {
                return (null, $"Network service {service.Id} is {NfpJson.WireName(service.ProvisioningStatus)}; it is reconfigured when ACTIVE or ERROR.");
            }
            var cancellationToken = call.CancellationToken;
            if (edit is not null)
            {
                service = await services.UpdateAsync(edit(service), transaction, cancellationToken);
            }
            return (await services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.PendingUpdate,
                $"{NfpJson.WireName(kind)} requested", transaction, cancellationToken), "");
        });
}
