using Quartz;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The spare pools kept (<see cref="SparePool"/>): a Quartz job on the clustered store, every
/// <see cref="OrchestrationOptions.SparePoolIntervalMilliseconds"/>, once per interval across every manager
/// instance, never two passes at once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SparePoolJob(SparePool pool) : IJob
{
    public static readonly JobKey Key = new("spare-pool");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await pool.KeepAsync(cancellationToken);
}
