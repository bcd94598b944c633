using Dapper;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The unfinished operations of each binding key, as a queue kept in the operations table: they run one
/// at a time in the order they were accepted (seq), each at its step, when due (next_attempt_at).
/// </summary>
internal sealed class OperationQueue(NpgsqlDataSource dataSource, OperationRepository operations, TimeProvider clock)
{
    private const string Unfinished = "state IN ('STARTING', 'PROCESSING')";

    /// <summary>
    /// An operation is due when its time has come, or when the configurator's answer it awaits is in.
    /// The answer is looked for here rather than written onto the operation when it arrives, so that an
    /// answer arriving while its step still runs cannot be overwritten by the step's own progress.
    /// </summary>
    private const string Due =
        "(next_attempt_at <= @now OR (awaiting IS NOT NULL AND EXISTS (SELECT 1 FROM configurator_notifications n " +
        "WHERE n.operation_id = operations.id AND n.method = operations.awaiting)))";

    /// <summary>
    /// The operation of <paramref name="key"/> to run now, or null when there is none or it is not due.
    /// A delete supersedes every operation accepted before it (the GBP "path" rule): those are failed here
    /// as cancelled, and the delete undoes what they made.
    /// </summary>
    public async Task<Operation?> NextDueAsync(Guid key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var queue = (await connection.QueryAsync<(Guid Id, string Kind, bool Due)>(new CommandDefinition(
            $"SELECT id, kind, {Due} AS due FROM operations WHERE resource_id = @key AND {Unfinished} ORDER BY seq",
            new { key, now = clock.GetUtcNow() }, cancellationToken: cancellationToken))).ToList();
        var delete = queue.FindLastIndex(op => op.Kind == "delete");
        foreach (var cancelled in queue.Take(Math.Max(delete, 0)))
        {
            var operation = await operations.GetAsync(cancelled.Id, cancellationToken: cancellationToken);
            await operations.SetStateAsync(operation.Id, operation.Version, OperationState.Failed,
                $"Cancelled by delete operation {queue[delete].Id}.", cancellationToken: cancellationToken);
        }
        var head = queue.Skip(Math.Max(delete, 0)).FirstOrDefault();
        return head.Id != Guid.Empty && head.Due ? await operations.GetAsync(head.Id, cancellationToken: cancellationToken) : null;
    }

    /// <summary>Whether <paramref name="key"/> has an operation due now.</summary>
    public async Task<bool> HasDueAsync(Guid key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            $"SELECT EXISTS (SELECT 1 FROM operations WHERE resource_id = @key AND {Unfinished} AND {Due})",
            new { key, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The keys with an operation due now (resumed after a restart, polled, or waiting past a deadline)
    /// that no worker holds: a held key's worker looks for due work itself before it lets the key go.
    /// A two-key advisory lock shows in pg_locks as classid = the first key, objid = the second as an
    /// unsigned 32-bit number, objsubid = 2.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> DueKeysAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            $"""
            SELECT DISTINCT resource_id FROM operations WHERE {Unfinished} AND {Due}
               AND NOT EXISTS (SELECT 1 FROM pg_locks l
                               WHERE l.locktype = 'advisory' AND l.classid = {KeyLock.NetworkService} AND l.objsubid = 2
                                 AND l.objid = (hashtext(operations.resource_id::text)::bigint & 4294967295)::oid)
            LIMIT 1000
            """,
            new { now = clock.GetUtcNow() }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>
    /// Records where the operation goes next: its step, attempts, the step's deadline, when it is due, the
    /// configurator method whose answer makes it due sooner (null: none), and in error what last held it
    /// up (a step retried after a transient failure), "" when nothing did.
    /// </summary>
    public async Task SaveProgressAsync(
        Guid id, string step, int attempts, DateTimeOffset deadline, DateTimeOffset due, ConfiguratorMethod? awaiting, string error,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE operations SET step = @step, step_attempts = @attempts, step_deadline = @deadline, next_attempt_at = @due,
                                  awaiting = @awaiting, error = @error, updated_at = now(), version = version + 1
            WHERE id = @id
            """,
            new
            {
                id, step, attempts, deadline = deadline.ToUniversalTime(), due = due.ToUniversalTime(), error,
                awaiting = awaiting is { } method ? NfpJson.WireName(method) : null,
            }, cancellationToken: cancellationToken));
    }

    /// <summary>Adds one run of a step to the operation's history (operation_steps).</summary>
    public async Task RecordRunAsync(
        Guid operationId, string step, int attempt, string instance, DateTimeOffset startedAt, DateTimeOffset endedAt, string outcome, string detail,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operation_steps (operation_id, step, attempt, instance, started_at, ended_at, outcome, detail)
            VALUES (@operationId, @step, @attempt, @instance, @startedAt, @endedAt, @outcome, @detail)
            """,
            new
            {
                operationId, step, attempt, instance, startedAt = startedAt.ToUniversalTime(), endedAt = endedAt.ToUniversalTime(), outcome, detail,
            }, cancellationToken: cancellationToken));
    }
}
