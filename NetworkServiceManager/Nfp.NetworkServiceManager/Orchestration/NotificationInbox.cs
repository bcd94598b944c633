using Dapper;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Where the configurator's answers to config calls wait for the step that made the call: kept by
/// operation and method, so an answer delivered twice is kept once, and an answer that arrives while
/// the manager is down is read after it restarts.
/// </summary>
internal sealed class NotificationInbox(NpgsqlDataSource dataSource, OrchestrationQueueSender events)
{
    /// <summary>
    /// Keeps a config notification, which makes the operation awaiting it due (see
    /// <see cref="OperationQueue"/>), then tells the operation's binding key. Health notifications carry no method and are not answers: they are not kept here.
    /// </summary>
    public async Task AcceptAsync(ConfiguratorNotification notification, CancellationToken cancellationToken)
    {
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

    /// <summary>The configurator's answer to <paramref name="method"/> called for <paramref name="operationId"/>, if it came.</summary>
    public async Task<(ConfigResult Result, string Reason)?> FindAsync(Guid operationId, ConfiguratorMethod method, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Result, string Reason)?>(new CommandDefinition(
            "SELECT result, reason FROM configurator_notifications WHERE operation_id = @operationId AND method = @method",
            new { operationId, method = NfpJson.WireName(method) }, cancellationToken: cancellationToken));
        return row is { } found ? (NfpJson.ParseWireName<ConfigResult>(found.Result), found.Reason) : null;
    }
}
