using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Persistence;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Sends an event for every binding key with an operation due: at start (so a restarted manager resumes
/// every unfinished operation), then every <see cref="OrchestrationOptions.SweepIntervalMilliseconds"/>
/// (polls that are due again, waits past their deadline, events lost with a killed instance). Every
/// instance sweeps; an event for a key another worker holds is dropped by the worker that gets it.
/// </summary>
internal sealed partial class OrchestrationSweeper(
    OperationQueue queue, OrchestrationQueueSender events, IOptions<OrchestrationOptions> options, ILogger<OrchestrationSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SweepIntervalMilliseconds));
        do
        {
            try
            {
                foreach (var key in await queue.DueKeysAsync(stoppingToken))
                {
                    await events.SendAsync(key, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // PostgreSQL or RabbitMQ away for a moment: the next sweep tries again.
                LogSweepFailed(e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping for due operations failed; trying again at the next interval.")]
    private partial void LogSweepFailed(Exception exception);
}
