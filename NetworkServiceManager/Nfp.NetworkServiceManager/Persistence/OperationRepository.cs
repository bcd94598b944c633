using System.Text.Json;
using Dapper;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class OperationRepository(NpgsqlDataSource dataSource) : Repository<Operation>(dataSource, Map, "operation")
{
    private static readonly TableMap<Operation> Map = new("operations");

    /// <summary>The wire names of <see cref="ServiceMembers.Changes"/>, as the kind column holds them.</summary>
    public static readonly string[] MemberChangeKinds = ServiceMembers.Changes.Select(NfpJson.WireName).ToArray();

    /// <summary>Moves the operation's state, stamping state_entered_at and recording <paramref name="error"/> ("" when none).</summary>
    /// <exception cref="IllegalTransitionException">The move is not in <see cref="LifeCycles.Operation"/>.</exception>
    /// <exception cref="ConcurrencyConflictException">The row moved past <paramref name="expectedVersion"/>.</exception>
    public Task<Operation> SetStateAsync(
        Guid id, int expectedVersion, OperationState to, string error,
        NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, expectedVersion, "state", row => row.State, LifeCycles.Operation, to,
            new Dictionary<string, object?> { ["error"] = error }, ["state_entered_at"], transaction, cancellationToken);

    /// <summary>The last operation accepted for <paramref name="resourceId"/>, or null when there is none.</summary>
    public async Task<Operation?> LastAsync(Guid resourceId, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<Operation>(Command(
            SelectWhere("resource_id = @resourceId") + " ORDER BY seq DESC LIMIT 1", new { resourceId }, transaction, cancellationToken));

    /// <summary>
    /// Runs a failed operation (FAILED_TEMP) again: PROCESSING, from the first step of its graph (the step
    /// empty), due at once, with nothing awaited and no error, and the configurator's answers to its
    /// earlier calls forgotten (its calls are made again); its step history stays.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The operation moved on since it was read, or is not FAILED_TEMP.</exception>
    public async Task<Operation> RetryAsync(Operation operation, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.QuerySingleOrDefaultAsync<Operation>(Command(
            $"""
            DELETE FROM configurator_notifications WHERE operation_id = @id;
            UPDATE operations SET state = 'PROCESSING', state_entered_at = now(), error = '', step = '', step_attempts = 0,
                                  step_deadline = NULL, next_attempt_at = now(), awaiting = NULL, updated_at = now(), version = version + 1
            WHERE id = @id AND version = @version AND state = 'FAILED_TEMP'
            RETURNING {Map.SelectList}
            """, new { id = operation.Id, version = operation.Version }, transaction, cancellationToken))
        ?? throw new ConcurrencyConflictException("operation", operation.Id, operation.Version);

    /// <summary>
    /// The failed operations of <paramref name="resourceId"/> still to retry (FAILED_TEMP) are FAILED for good:
    /// <paramref name="by"/>, accepted after them, takes the resource from where they left it.
    /// </summary>
    public async Task SupersedeFailedAsync(Guid resourceId, Guid by, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            """
            UPDATE operations SET state = 'FAILED', state_entered_at = now(), error = error || ' (Superseded by operation ' || @by::text || '.)',
                                  updated_at = now(), version = version + 1
            WHERE resource_id = @resourceId AND state = 'FAILED_TEMP' AND id <> @by
            """, new { resourceId, by }, transaction, cancellationToken));

    /// <summary>
    /// Makes every operation awaiting a configurator answer due now (its step sends the call again) and
    /// returns their resources: a configurator that restarted has forgotten the calls it had not answered.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> WakeAwaitingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(Command(
            """
            UPDATE operations SET next_attempt_at = now()
            WHERE state = 'PROCESSING' AND awaiting IS NOT NULL AND next_attempt_at > now()
            RETURNING resource_id
            """, new { }, null, cancellationToken))).Distinct().ToList();
    }

    /// <summary>Makes a new operation due only after <paramref name="delay"/> (an automatic failover's settle time and backoff).</summary>
    public async Task DelayAsync(Guid id, TimeSpan delay, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(Command(
            "UPDATE operations SET next_attempt_at = now() + @delay WHERE id = @id",
            new { id, delay }, transaction, cancellationToken));

    /// <summary>
    /// Rewrites the operation's parameters (<paramref name="parameters"/>, the record of its kind): a failover
    /// that handed the service to a spare device names that device from then on.
    /// </summary>
    public async Task SetParametersAsync(Guid id, object parameters, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        await Run(transaction, (connection, tx) => connection.ExecuteAsync(Command(
            "UPDATE operations SET parameters = @parameters::jsonb, updated_at = now(), version = version + 1 WHERE id = @id",
            new { id, parameters = JsonSerializer.Serialize(parameters, parameters.GetType(), NfpJson.Options) }, tx, cancellationToken)));

    /// <summary>Whether <paramref name="resourceId"/> has a <paramref name="kind"/> operation not finished yet (STARTING or PROCESSING).</summary>
    public async Task<bool> UnfinishedAsync(Guid resourceId, OperationKind kind, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteScalarAsync<bool>(Command(
            "SELECT EXISTS (SELECT 1 FROM operations WHERE resource_id = @resourceId AND kind = @kind AND state IN ('STARTING', 'PROCESSING'))",
            new { resourceId, kind = NfpJson.WireName(kind) }, transaction, cancellationToken));

    /// <summary>
    /// Whether a failover of <paramref name="resourceId"/>'s device <paramref name="nsdId"/> completed after
    /// <paramref name="operation"/> was accepted: what that operation was told of the device then is of the
    /// one the failover replaced. (News of a pair's other device stands.)
    /// </summary>
    public async Task<bool> FailedOverSinceAsync(
        Guid resourceId, Guid nsdId, Operation operation, NpgsqlTransaction transaction, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteScalarAsync<bool>(Command(
            """
            SELECT EXISTS (SELECT 1 FROM operations
                           WHERE resource_id = @resourceId AND kind = 'failover' AND state = 'COMPLETED' AND state_entered_at > @acceptedAt
                             AND parameters->>'nsd_id' = @nsdId)
            """, new { resourceId, nsdId = nsdId.ToString("D"), acceptedAt = operation.StartedAt }, transaction, cancellationToken));

    /// <summary>
    /// The automatic failovers accepted within <paramref name="window"/>: how many were of
    /// <paramref name="resourceId"/>, and how many devices they were for, of all services.
    /// </summary>
    public Task<(int OfResource, int Devices)> RecentFailoversAsync(
        Guid resourceId, TimeSpan window, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        Run(transaction, (connection, tx) => connection.QuerySingleAsync<(int, int)>(Command(
            """
            SELECT count(*) FILTER (WHERE resource_id = @resourceId)::int, count(DISTINCT parameters->>'nsd_id')::int
            FROM operations
            WHERE kind = 'failover' AND is_automatic AND started_at > now() - @window
            """, new { resourceId, window }, tx, cancellationToken)));

    /// <summary>
    /// The operations on <paramref name="resourceId"/> that change its members — its create, then each pt_add
    /// and pt_remove — up to and including <paramref name="operationId"/>, in order (<see cref="ServiceMembers"/>).
    /// </summary>
    public async Task<IReadOnlyList<Operation>> MemberChangesAsync(Guid resourceId, Guid operationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Operation>(Command(
            SelectWhere(
                """
                resource_id = @resourceId AND kind = ANY(@kinds)
                  AND seq <= (SELECT seq FROM operations WHERE id = @operationId)
                """) + " ORDER BY seq",
            new { resourceId, operationId, kinds = MemberChangeKinds }, null, cancellationToken))).ToList();
    }

    /// <summary>
    /// The consumer group <paramref name="consumerPtgId"/> as the service's last consumer_add carried it, or
    /// null when none did: what a consumer_remove of it by id (over REST) names.
    /// </summary>
    public async Task<PolicyTargetGroup?> LastAddedConsumerAsync(Guid resourceId, Guid consumerPtgId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        var added = await connection.QuerySingleOrDefaultAsync<Operation>(Command(
            SelectWhere("resource_id = @resourceId AND kind = 'consumer_add' AND parameters->'consumer_ptg'->>'id' = @id") + " ORDER BY seq DESC LIMIT 1",
            new { resourceId, id = consumerPtgId.ToString() }, null, cancellationToken));
        return added?.ParametersAs<ConsumerPtgChange>().ConsumerPtg;
    }

    /// <summary>The operation's step runs (operation_steps), in the order they ran.</summary>
    public async Task<IReadOnlyList<OperationStep>> StepsAsync(Guid operationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<OperationStep>(new CommandDefinition(
            """
            SELECT id, operation_id, step, attempt, instance, started_at, ended_at, outcome, detail
            FROM operation_steps WHERE operation_id = @operationId ORDER BY id
            """, new { operationId }, cancellationToken: cancellationToken))).ToList();
    }
}
