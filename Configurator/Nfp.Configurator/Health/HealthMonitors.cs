using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nfp.Configurator.Notifications;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;

namespace Nfp.Configurator.Health;

/// <summary>
/// The running health monitors, one per (device, network service). A monitor first probes until the
/// device answers and then answers its create call (success, or failure when the device stays silent
/// past <see cref="HealthMonitorOptions.InitialTimeoutSeconds"/>); a <c>forever</c> monitor goes on and
/// tells each change of health as an nsd_health_status_notification. Creating a monitor that runs
/// replaces it, so a call sent again starts it afresh; monitors live in memory, like everything here.
/// </summary>
internal sealed partial class HealthMonitors(
    PendingNotifications notifications, IOptions<HealthMonitorOptions> options, ILogger<HealthMonitors> logger) : IDisposable
{
    private readonly ConcurrentDictionary<(Guid Nsd, Guid Service), CancellationTokenSource> _running = new();

    public int Count => _running.Count;

    public void Start(ConfiguratorCall call, HealthMonitorSpec spec, IVendorDriver driver)
    {
        var context = call.Request.Info.Context;
        var stop = new CancellationTokenSource();
        if (_running.TryGetValue((context.NsdId, context.NetworkServiceId), out var previous))
        {
            previous.Cancel();
        }
        _running[(context.NsdId, context.NetworkServiceId)] = stop;
        _ = Task.Run(() => RunAsync(call, spec, driver, stop.Token));
    }

    /// <summary>Stops the service's monitor of the device, if one runs, and answers the call.</summary>
    public void Stop(ConfiguratorCall call)
    {
        var context = call.Request.Info.Context;
        if (_running.TryRemove((context.NsdId, context.NetworkServiceId), out var stop))
        {
            stop.Cancel();
        }
        notifications.Add(call.Answer(ConfigResult.Success, notifications.Now));
    }

    public void Dispose()
    {
        foreach (var stop in _running.Values)
        {
            stop.Cancel();
        }
    }

    private async Task RunAsync(ConfiguratorCall call, HealthMonitorSpec spec, IVendorDriver driver, CancellationToken stopped)
    {
        var settings = options.Value;
        var context = call.Request.Info.Context;
        try
        {
            using var ticks = new PeriodicTimer(spec.Interval);
            var giveUp = notifications.Now + TimeSpan.FromSeconds(settings.InitialTimeoutSeconds);
            while (!await ProbeAsync(driver, spec, stopped))
            {
                if (notifications.Now >= giveUp)
                {
                    notifications.Add(call.Answer(ConfigResult.Failure, notifications.Now,
                        $"The device at {spec.MgmtIpAddress} did not answer within {settings.InitialTimeoutSeconds} s."));
                    return;
                }
                await ticks.WaitForNextTickAsync(stopped);
            }
            notifications.Add(call.Answer(ConfigResult.Success, notifications.Now));
            if (!spec.Forever)
            {
                return;
            }
            var (failed, reachable) = (0, true);
            while (await ticks.WaitForNextTickAsync(stopped))
            {
                if (await ProbeAsync(driver, spec, stopped))
                {
                    failed = 0;
                    if (!reachable)
                    {
                        reachable = true;
                        Tell(context, NsdHealth.Reachable, $"The device at {spec.MgmtIpAddress} answers again.");
                    }
                }
                else if (++failed == spec.Failures && reachable)
                {
                    reachable = false;
                    Tell(context, NsdHealth.Unreachable, $"The device at {spec.MgmtIpAddress} did not answer {failed} probes in a row.");
                }
            }
        }
        catch (OperationCanceledException) when (stopped.IsCancellationRequested)
        {
            // Replaced or stopped.
        }
    }

    private async Task<bool> ProbeAsync(IVendorDriver driver, HealthMonitorSpec spec, CancellationToken stopped)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopped);
        limit.CancelAfter(options.Value.ProbeTimeoutMilliseconds);
        try
        {
            return await driver.ProbeAsync(spec.MgmtIpAddress, limit.Token);
        }
        catch (OperationCanceledException) when (!stopped.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Tell(ConfigContext context, NsdHealth health, string reason)
    {
        LogHealth(context.NsdId, health, reason);
        notifications.Add(new ConfiguratorNotification(NotificationType.NsdHealthStatusNotification, context, notifications.Now,
            Health: health, Reason: reason));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {NsdId} is {Health}: {Reason}")]
    private partial void LogHealth(Guid nsdId, NsdHealth health, string reason);
}
