using MassTransit;
using Nfp.NetworkServiceManager.Orchestration;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// The shape every write on an existing network service shares: in one transaction lock the service,
/// change it, and record the operation that carries the change out; answer with their ids, or with the
/// refusal (not_found, or the conflict the change names) having written nothing; then hand the operation
/// to the workers.
/// </summary>
internal sealed class ServiceWrites(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, OperationRepository operations, OrchestrationQueueSender events)
{
    /// <summary>
    /// Applies <paramref name="change"/> to the service <paramref name="networkServiceId"/> and records a new
    /// <paramref name="kind"/> operation keeping <paramref name="parameters"/> (what the request carried
    /// beyond the service's id) for its steps. <paramref name="change"/> returns the changed service, or a
    /// conflict message to refuse the request. A failed operation the service still had to retry
    /// (FAILED_TEMP) is superseded by the new one: it is FAILED, and no longer retryable.
    /// </summary>
    public Task AcceptAsync<T>(
        RpcCall<T> call, Guid networkServiceId, OperationKind kind, object? parameters,
        Func<NetworkService, NpgsqlTransaction, Task<(NetworkService? Changed, string Conflict)>> change)
        where T : class =>
        WriteAsync(call, networkServiceId, async (service, transaction) =>
        {
            var (changed, conflict) = await change(service, transaction);
            if (changed is null)
            {
                return (null, null, conflict);
            }
            var operation = await operations.CreateAsync(NewRows.Operation(kind, networkServiceId, parameters), transaction, call.CancellationToken);
            await operations.SupersedeFailedAsync(networkServiceId, operation.Id, transaction, call.CancellationToken);
            return (changed, operation, "");
        });

    /// <summary>
    /// In one transaction: locks the service <paramref name="networkServiceId"/> and lets <paramref name="write"/>
    /// change it and name the operation to run (or, with neither, the conflict to refuse with); answers; and
    /// tells the workers. Concurrent writes on one service take turns, so the second sees what the first did.
    /// </summary>
    public async Task WriteAsync<T>(
        RpcCall<T> call, Guid networkServiceId,
        Func<NetworkService, NpgsqlTransaction, Task<(NetworkService? Changed, Operation? Operation, string Conflict)>> write)
        where T : class
    {
        var cancellationToken = call.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await services.FindForUpdateAsync(networkServiceId, transaction, cancellationToken) is not { } service)
        {
            await call.NotFoundAsync(networkServiceId);
            return;
        }
        var (changed, operation, conflict) = await write(service, transaction);
        if (changed is null || operation is null)
        {
            await call.ConflictAsync(conflict);
            return;
        }
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
