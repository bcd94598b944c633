using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// One of the N workers (the worker queue's concurrency): takes the event's binding key if no other
/// worker of any manager instance holds it, and runs the key's due steps one at a time, in order. A
/// worker that finds the key taken drops the event: the holder looks for due work again after it lets
/// the key go, so nothing sent meanwhile is lost.
/// </summary>
internal sealed class OrchestrationWorker(NpgsqlDataSource dataSource, OperationQueue queue, StepRunner runner)
    : IConsumer<OrchestrationEvent>
{
    /// <summary>Steps run per hold of a key before it is let go, so one busy key cannot keep a worker for ever.</summary>
    private const int StepsPerHold = 64;

    /// <summary>The workers' queue, which every manager instance consumes: <c>{prefix}-orchestration-worker</c>.</summary>
    public static string Queue(string prefix) => $"{prefix}-orchestration-worker";

    public async Task Consume(ConsumeContext<OrchestrationEvent> context)
    {
        var (key, cancellationToken) = (context.Message.BindingKey, context.CancellationToken);
        do
        {
            await using var held = await KeyLock.TryTakeAsync(dataSource, KeyLock.NetworkService, key, cancellationToken);
            if (held is null)
            {
                return;
            }
            for (var ran = 0; ran < StepsPerHold && await queue.NextDueAsync(key, cancellationToken) is { } due; ran++)
            {
                await runner.RunAsync(due, cancellationToken);
            }
        }
        while (await queue.HasDueAsync(key, cancellationToken));
    }
}

/// <summary>The workers' queue, taking at most <see cref="OrchestrationOptions.Workers"/> binding keys at once in this instance.</summary>
internal sealed class OrchestrationWorkerDefinition : ConsumerDefinition<OrchestrationWorker>
{
    public OrchestrationWorkerDefinition(IOptions<RpcOptions> queues, IOptions<OrchestrationOptions> orchestration)
    {
        EndpointName = OrchestrationWorker.Queue(queues.Value.QueuePrefix);
        ConcurrentMessageLimit = orchestration.Value.Workers;
    }
}
