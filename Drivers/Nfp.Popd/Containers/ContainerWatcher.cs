using Microsoft.Extensions.Options;
using Nfp.Popd.Configuration;
using Nfp.Popd.Engine;
using Nfp.Popd.State;

namespace Nfp.Popd.Containers;

/// <summary>
/// Keeps popd's state true to Docker. At start it reconciles: a stop cut short is finished, a RUNNING
/// container whose Docker container died while popd was down is EXITED or FAILED (its addresses
/// reserved until it is deleted), a Docker container left by a Start cut short is removed, and one carrying this popd's label
/// but unknown to it is reported (and removed when <see cref="PopdOptions.RemoveUnknownContainers"/>).
/// Then it follows Docker's events, so that a container that dies outside popd is recorded within a
/// moment, and sweeps every <see cref="PopdOptions.SweepSeconds"/> for anything an event did not say.
/// </summary>
internal sealed partial class ContainerWatcher(
    PopStore store, DockerEngine engine, ContainerLifecycle lifecycle, IOptions<PopdOptions> options, ILogger<ContainerWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        await ReconcileAsync(stoppingToken);
        using var sweep = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds));
        var sweeping = SweepAsync(sweep, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Events since the last one seen are replayed, so a reconnect misses none.
                await engine.FollowDeathsAsync(options.Value.PopName, since, async (id, exitCode) =>
                {
                    since = DateTimeOffset.UtcNow.AddSeconds(-1);
                    try
                    {
                        await lifecycle.DiedAsync(id, exitCode, stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // The sweep records the death later.
                        LogDeathNotRecorded(id, e.Message);
                    }
                }, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEventsLost(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        await sweeping;
    }

    public async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var rows = await store.ListContainersAsync(null, null, cancellationToken);
        foreach (var row in rows.Where(r => r.Status == PopContainerStatus.Stopping))
        {
            await lifecycle.FinishStopAsync(row.Id, TimeSpan.FromSeconds(options.Value.StopTimeoutSeconds));
        }
        await CheckRunningAsync(cancellationToken);

        var known = rows.Where(r => r.DockerId is not null && r.Status == PopContainerStatus.Running).Select(r => r.DockerId!).ToHashSet();
        var ids = rows.Select(r => r.Id.ToString()).ToHashSet();
        foreach (var docker in await engine.ListOwnContainersAsync(options.Value.PopName, cancellationToken))
        {
            if (known.Contains(docker.ID))
            {
                continue;
            }
            var owner = docker.Labels.TryGetValue(DockerEngine.ContainerLabel, out var label) ? label : "";
            if (ids.Contains(owner))
            {
                // Made by a Start that was cut short: the container is still CREATED, so nothing may run.
                await engine.RemoveAsync(docker.ID, cancellationToken);
                LogLeftoverRemoved(docker.ID, owner);
            }
            else if (options.Value.RemoveUnknownContainers)
            {
                await engine.RemoveAsync(docker.ID, cancellationToken);
                LogUnknown(docker.ID, "removed");
            }
            else
            {
                LogUnknown(docker.ID, "left alone (set Popd:RemoveUnknownContainers to remove it)");
            }
        }
    }

    /// <summary>Every RUNNING container whose Docker container is gone or stopped is recorded as dead.</summary>
    private async Task CheckRunningAsync(CancellationToken cancellationToken)
    {
        var running = (await store.ListContainersAsync(null, null, cancellationToken)).Where(r => r.Status == PopContainerStatus.Running);
        foreach (var row in running)
        {
            var inspected = row.DockerId is null ? null : await engine.InspectAsync(row.DockerId, cancellationToken);
            if (inspected?.State?.Running != true)
            {
                await lifecycle.DiedAsync(row.Id, inspected?.State?.ExitCode, cancellationToken);
            }
        }
    }

    private async Task SweepAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckRunningAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The death of container {ContainerId} was not recorded yet: {Reason}")]
    private partial void LogDeathNotRecorded(Guid containerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker events stream lost ({Reason}); reconnecting")]
    private partial void LogEventsLost(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed Docker container {DockerId} left by an interrupted start of {ContainerId}")]
    private partial void LogLeftoverRemoved(string dockerId, string containerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Docker container {DockerId} carries this popd's label but is unknown to it: {Action}")]
    private partial void LogUnknown(string dockerId, string action);
}
