using Dapper;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Where the configurator's answers to config calls wait for the step that made the call: kept by
/// operation and method, so an answer delivered twice is kept once, and an answer that arrives while
/// the manager is down is read after it restarts.
/// </summary>
internal sealed partial class NotificationInbox(
    NpgsqlDataSource dataSource, OperationRepository operations, OrchestrationQueueSender events, ILogger<NotificationInbox> logger)
{
    /// <summary>
    /// Keeps a config notification, which makes the operation awaiting it due (see
    /// <see cref="OperationQueue"/>), then tells the operation's binding key. A health notification is no
    /// answer: it becomes an automatic heal operation of its service (<see cref="HealthSteps"/>). A
    /// malformed notification is logged and dropped: there is no one to answer, and it must not wake any
    /// operation.
    /// </summary>
    public async Task AcceptAsync(ConfiguratorNotification notification, CancellationToken cancellationToken)
    {
        if (Contracts.Validate(notification) is { Count: > 0 } errors)
        {
            LogDropped(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
            return;
        }
        if (notification is { Notification: NotificationType.NsdHealthStatusNotification, Health: { } health })
        {
            var context = notification.Context;
            if (!await RendersAsync(context.NetworkServiceId, context.NsdId, cancellationToken))
            {
                LogDropped($"health of device {context.NsdId}, which does not render network service {context.NetworkServiceId}");
                return;
            }
            await operations.CreateAsync(Rpc.Operations.New(OperationKind.Heal, context.NetworkServiceId,
                new NsdHealthChange(context.NsdId, health, notification.Reason), isAutomatic: true), cancellationToken: cancellationToken);
            await events.SendAsync(context.NetworkServiceId, cancellationToken);
            return;
        }
        if (notification is not { Method: { } method, Result: { } result })
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO configurator_notifications (operation_id, method, result, reason)
            VALUES (@operation, @method, @result, @reason) ON CONFLICT DO NOTHING
            """,
            new
            {
                operation = notification.Context.OperationId,
                method = NfpJson.WireName(method),
                result = NfpJson.WireName(result),
                reason = notification.Reason,
            }, cancellationToken: cancellationToken));
        await events.SendAsync(notification.Context.NetworkServiceId, cancellationToken);
    }

    /// <summary>
    /// The configurator restarted, and its health monitors are gone: a monitor operation (automatic) for
    /// every ACTIVE network service with nothing else to do — one with an operation under way is left to
    /// it (a create's own create_network_service_healthmonitor, a heal that the next restart covers).
    /// </summary>
    public async Task RestoreMonitorsAsync(CancellationToken cancellationToken)
    {
        List<Guid> active;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            active = (await connection.QueryAsync<Guid>(new CommandDefinition(
                """
                SELECT s.id FROM network_services s
                WHERE s.provisioning_status = 'ACTIVE'
                  AND NOT EXISTS (SELECT 1 FROM operations o WHERE o.resource_id = s.id AND o.state IN ('STARTING', 'PROCESSING'))
                """, cancellationToken: cancellationToken))).ToList();
        }
        foreach (var id in active)
        {
            await operations.CreateAsync(Rpc.Operations.New(OperationKind.Monitor, id, isAutomatic: true), cancellationToken: cancellationToken);
            await events.SendAsync(id, cancellationToken);
        }
        LogRestoring(active.Count);
    }

    /// <summary>The configurator's answer to <paramref name="method"/> called for <paramref name="operationId"/>, if it came.</summary>
    public async Task<(ConfigResult Result, string Reason)?> FindAsync(Guid operationId, ConfiguratorMethod method, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Result, string Reason)?>(new CommandDefinition(
            "SELECT result, reason FROM configurator_notifications WHERE operation_id = @operationId AND method = @method",
            new { operationId, method = NfpJson.WireName(method) }, cancellationToken: cancellationToken));
        return row is { } found ? (NfpJson.ParseWireName<ConfigResult>(found.Result), found.Reason) : null;
    }

    /// <summary>Whether the network service's instance is rendered on the device (a stale monitor's news is not its).</summary>
    private async Task<bool> RendersAsync(Guid networkServiceId, Guid nsdId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM network_service_instances WHERE network_service_id = @networkServiceId AND nsd_id = @nsdId)",
            new { networkServiceId, nsdId }, cancellationToken: cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The configurator restarted: health monitors to create again for {Count} network services.")]
    private partial void LogRestoring(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an invalid configurator notification: {Errors}")]
    private partial void LogDropped(string errors);
}
