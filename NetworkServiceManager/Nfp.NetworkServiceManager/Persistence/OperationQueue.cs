using Dapper;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

/// <summary>
/// The unfinished operations of each binding key, as a queue kept in the operations table: they run one
/// at a time in the order they were accepted (seq), each at its step, when due (next_attempt_at).
/// </summary>
internal sealed class OperationQueue(
    NpgsqlDataSource dataSource, OperationRepository operations, NetworkServiceRepository services,
    NetworkServiceInstanceRepository instances, TimeProvider clock)
{
    private const string Unfinished = "state IN ('STARTING', 'PROCESSING')";

    /// <summary>
    /// An operation is due when its time has come, or when the configurator's answer it awaits is in.
    /// The answer is looked for here rather than written onto the operation when it arrives, so that an
    /// answer arriving while its step still runs cannot be overwritten by the step's own progress.
    /// </summary>
    private const string Due =
        "(next_attempt_at <= @now OR (awaiting IS NOT NULL AND (SELECT count(*) FROM configurator_notifications n " +
        "WHERE n.operation_id = operations.id) > operations.awaiting_answers))";

    /// <summary>
    /// The operation of <paramref name="key"/> to run now with the network service it acts on and the
    /// service's instance, or null when there is none or it is not due — read in one round trip. A delete
    /// supersedes every operation accepted before it (the GBP "path" rule): those are failed here as
    /// cancelled, and the delete undoes what they made.
    /// </summary>
    public async Task<DueOperation?> NextDueAsync(Guid key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reads = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            SELECT id FROM operations WHERE resource_id = @key AND {Unfinished} AND {Due};
            {operations.SelectWhere($"resource_id = @key AND {Unfinished}")} ORDER BY seq;
            {services.SelectWhere("id = @key")};
            {instances.SelectWhere("network_service_id = @key")} ORDER BY name, id;
            SELECT n.operation_id, count(*)::int FROM configurator_notifications n JOIN operations o ON o.id = n.operation_id
            WHERE o.resource_id = @key AND o.{Unfinished} GROUP BY n.operation_id;
            """,
            new { key, now = clock.GetUtcNow() }, cancellationToken: cancellationToken));
        // Each statement reads its own snapshot: an operation accepted between them counts as not due yet,
        // and the worker's look for due work after it lets the key go finds it.
        var due = (await reads.ReadAsync<Guid>()).ToHashSet();
        var queue = (await reads.ReadAsync<Operation>()).ToList();
        var service = await reads.ReadSingleOrDefaultAsync<NetworkService>();
        var serviceInstances = (await reads.ReadAsync<NetworkServiceInstance>()).ToList();
        var answers = (await reads.ReadAsync<(Guid OperationId, int Count)>()).ToDictionary(a => a.OperationId, a => a.Count);
        if (queue.Count == 0)
        {
            return null;
        }
        // An operation's service, and its instance, are written with it when the create is accepted.
        if (service is null || serviceInstances.Count == 0)
        {
            throw services.NotFound(key);
        }
        var delete = queue.FindLastIndex(op => op.Kind == OperationKind.Delete);
        foreach (var cancelled in queue.Take(Math.Max(delete, 0)))
        {
            await operations.SetStateAsync(cancelled.Id, cancelled.Version, OperationState.Failed,
                $"Cancelled by delete operation {queue[delete].Id}.", cancellationToken: cancellationToken);
        }
        var head = queue.Skip(Math.Max(delete, 0)).FirstOrDefault();
        return head is not null && due.Contains(head.Id) ? new DueOperation(head, service, serviceInstances, answers.GetValueOrDefault(head.Id)) : null;
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

    /// <summary>Records where the operation goes next (<paramref name="progress"/>).</summary>
    public async Task SaveProgressAsync(Guid id, StepProgress progress, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new DynamicParameters(new { id });
        AddProgress(parameters, progress);
        await connection.ExecuteAsync(new CommandDefinition(UpdateProgress, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Adds one run of a step to the operation's history (operation_steps) and, when the operation goes
    /// on, records where it goes next: both in one round trip and one (implicit) transaction.
    /// </summary>
    public async Task RecordRunAsync(StepRun run, StepProgress? next, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parameters = new DynamicParameters(new
        {
            id = run.OperationId, run.Step, run.Attempt, run.Instance, startedAt = run.StartedAt.ToUniversalTime(),
            endedAt = run.EndedAt.ToUniversalTime(), run.Outcome, run.Detail,
        });
        var sql = InsertRun;
        if (next is not null)
        {
            AddProgress(parameters, next);
            sql += ";\n" + UpdateProgress;
        }
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private const string InsertRun =
        """
        INSERT INTO operation_steps (operation_id, step, attempt, instance, started_at, ended_at, outcome, detail)
        VALUES (@id, @step, @attempt, @instance, @startedAt, @endedAt, @outcome, @detail)
        """;

    private const string UpdateProgress =
        """
        UPDATE operations SET step = @nextStep, step_attempts = @nextAttempts, step_deadline = @nextDeadline, next_attempt_at = @nextDue,
                              awaiting = @nextAwaiting, awaiting_answers = @nextAnswers, error = @nextError, updated_at = now(), version = version + 1
        WHERE id = @id
        """;

    private static void AddProgress(DynamicParameters parameters, StepProgress progress)
    {
        parameters.Add("nextStep", progress.Step);
        parameters.Add("nextAttempts", progress.Attempts);
        parameters.Add("nextDeadline", progress.Deadline.ToUniversalTime());
        parameters.Add("nextDue", progress.Due.ToUniversalTime());
        parameters.Add("nextAwaiting", progress.Awaiting is { } method ? NfpJson.WireName(method) : null);
        parameters.Add("nextAnswers", progress.AnswersSeen);
        parameters.Add("nextError", progress.Error);
    }
}

/// <summary>
/// An operation due to run its step, with the network service it acts on, the service's instances (one, or
/// an active-standby pair, in name order), and how many configurator answers the operation had then.
/// </summary>
internal sealed record DueOperation(Operation Operation, NetworkService Service, IReadOnlyList<NetworkServiceInstance> Instances, int Answers);

/// <summary>
/// Where an operation goes next: its step, the attempts made at it, the step's deadline, when it is due,
/// the configurator method whose answer makes it due sooner (null: none) — due as soon as the operation
/// has more answers than <see cref="AnswersSeen"/>, those it had when the step ran (a pair's two devices
/// answer one by one) — and what last held it up (a step retried after a transient failure; "" when nothing did).
/// </summary>
internal sealed record StepProgress(
    string Step, int Attempts, DateTimeOffset Deadline, DateTimeOffset Due, ConfiguratorMethod? Awaiting, string Error, int AnswersSeen = 0)
{
    /// <summary>A step about to be run for the first time, due at once, to be done within <paramref name="deadline"/> from <paramref name="now"/>.</summary>
    public static StepProgress Begin(string step, DateTimeOffset now, TimeSpan deadline) =>
        new(step, 0, now + deadline, now, null, "");
}

/// <summary>One run of a step, as operation_steps keeps it.</summary>
internal sealed record StepRun(
    Guid OperationId, string Step, int Attempt, string Instance, DateTimeOffset StartedAt, DateTimeOffset EndedAt, string Outcome, string Detail);
