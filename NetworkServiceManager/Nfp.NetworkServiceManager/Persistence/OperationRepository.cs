using System.Text.Json;
using Dapper;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Persistence;

public sealed class OperationRepository(NpgsqlDataSource dataSource)
    : Repository<Operation>(dataSource, new TableMap<Operation>("operations"), "operation")
{
    /// <summary>Moves the operation's state, stamping state_entered_at and recording <paramref name="error"/> ("" when none).</summary>
    /// <exception cref="IllegalTransitionException">The move is not in <see cref="LifeCycles.Operation"/>.</exception>
    /// <exception cref="ConcurrencyConflictException">The row moved past <paramref name="expectedVersion"/>.</exception>
    public Task<Operation> SetStateAsync(
        Guid id, int expectedVersion, OperationState to, string error,
        NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, expectedVersion, "state", row => row.State, LifeCycles.Operation, to,
            new Dictionary<string, object?> { ["error"] = error }, ["state_entered_at"], transaction, cancellationToken);

    /// <summary>
    /// The parameters of the operations on <paramref name="resourceId"/> that change its members — its create,
    /// then each pt_add and pt_remove — up to and including <paramref name="operationId"/>, in order.
    /// </summary>
    public async Task<IReadOnlyList<Operation>> MemberChangesAsync(Guid resourceId, Guid operationId, CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Operation>(Command(
            SelectWhere(
                """
                resource_id = @resourceId AND kind IN ('create', 'pt_add', 'pt_remove')
                  AND seq <= (SELECT seq FROM operations WHERE id = @operationId)
                """) + " ORDER BY seq",
            new { resourceId, operationId }, null, cancellationToken))).ToList();
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
