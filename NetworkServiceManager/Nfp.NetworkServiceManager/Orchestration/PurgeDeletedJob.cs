using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Persistence;
using Quartz;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Forgets what was DELETED longer ago than <see cref="OrchestrationOptions.DeletedRetention"/> (default 7
/// days): the services, with their instances, operations, step history and configurator answers, and
/// their devices. A Quartz job on the clustered store, every <see cref="OrchestrationOptions.PurgeIntervalSeconds"/>:
/// once per interval across every manager instance. It works in batches, each one transaction, so that
/// a large backlog neither holds locks long nor stops the workers.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class PurgeDeletedJob(
    NetworkServiceRepository services, IOptions<OrchestrationOptions> options, TimeProvider clock, ILogger<PurgeDeletedJob> logger) : IJob
{
    public static readonly JobKey Key = new("purge-deleted");

    private const int Batch = 1000;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.DeletedRetention;
        var total = 0;
        int purged;
        do
        {
            purged = await services.PurgeDeletedAsync(before, Batch, cancellationToken);
            total += purged;
        }
        while (purged == Batch);
        if (total > 0)
        {
            LogPurged(total, before);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} network services DELETED before {Before:u}, with their operations.")]
    private partial void LogPurged(int count, DateTimeOffset before);
}
