using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nfp.Configurator.Notifications;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Configurator.Health;

/// <summary>
/// The running health monitors, one per network service instance (per device and network service when a
/// call names no instance): a create for an instance whose device was replaced (a failover that took a
/// spare device) replaces the monitor of the device it had. A monitor first probes until the
/// device answers and then answers its create call (success, or failure when the device stays silent
/// past <see cref="HealthMonitorOptions.InitialTimeoutSeconds"/>); a <c>forever</c> monitor goes on and
/// tells each change of health as an nsd_health_status_notification. The same create sent again (the
/// manager resends an unanswered call) does not restart a monitor of the same spec: it is answered again
/// if the monitor already answered, else the monitor's own answer will do. Monitors live in memory, like
/// everything here: a restarted configurator runs none until the manager creates them again.
/// </summary>
internal sealed partial class HealthMonitors(
    PendingNotifications notifications, IOptions<HealthMonitorOptions> options, ILogger<HealthMonitors> logger) : IDisposable
{
    private sealed class Monitor(HealthMonitorSpec spec)
    {
        public HealthMonitorSpec Spec { get; } = spec;
        public CancellationTokenSource Stop { get; } = new();
        public volatile bool Answered;
    }

    private readonly ConcurrentDictionary<(Guid Service, Guid InstanceOrNsd), Monitor> _running = new();

    private static (Guid Service, Guid InstanceOrNsd) KeyOf(ConfigContext context) =>
        (context.NetworkServiceId, context.NetworkServiceInstanceId ?? context.NsdId);

    public int Count => _running.Count;

    public void Start(ConfiguratorCall call, HealthMonitorSpec spec, IVendorDriver driver)
    {
        var context = call.Request.Info.Context;
        var key = KeyOf(context);
        if (_running.TryGetValue(key, out var running) && running.Spec == spec)
        {
            if (running.Answered)
            {
                notifications.Add(call.Answer(ConfigResult.Success, notifications.Now));
            }
            return;
        }
        var monitor = new Monitor(spec);
        if (_running.TryRemove(key, out var replaced))
        {
            replaced.Stop.Cancel();
        }
        _running[key] = monitor;
        _ = Task.Run(async () =>
        {
            try
            {
                await RunAsync(call, monitor, driver);
            }
            finally
            {
                // Only this monitor's entry: a replacement may already stand under the key. (Its token
                // source holds no timer, so it is left to the collector rather than raced with Stop.)
                _running.TryRemove(new KeyValuePair<(Guid, Guid), Monitor>(key, monitor));
            }
        });
    }

    /// <summary>Stops the service's monitor of the device, if one runs, and answers the call.</summary>
    public void Stop(ConfiguratorCall call)
    {
        var context = call.Request.Info.Context;
        if (_running.TryRemove(KeyOf(context), out var monitor))
        {
            monitor.Stop.Cancel();
        }
        notifications.Add(call.Answer(ConfigResult.Success, notifications.Now));
    }

    public void Dispose()
    {
        foreach (var monitor in _running.Values)
        {
            monitor.Stop.Cancel();
        }
    }

    private async Task RunAsync(ConfiguratorCall call, Monitor monitor, IVendorDriver driver)
    {
        var (settings, spec, stopped) = (options.Value, monitor.Spec, monitor.Stop.Token);
        var context = call.Request.Info.Context;
        var haState = HaState.None;
        var degraded = "";
        try
        {
            using var ticks = new PeriodicTimer(spec.Interval);
            var giveUp = notifications.Now + TimeSpan.FromSeconds(settings.InitialTimeoutSeconds);
            NsdProbe probe;
            while (!(probe = await ProbeAsync(driver, spec, context.NsdId, stopped)).Answered)
            {
                if (notifications.Now >= giveUp)
                {
                    notifications.Add(call.Answer(ConfigResult.Failure, notifications.Now,
                        $"The device at {spec.MgmtIpAddress} did not answer within {settings.InitialTimeoutSeconds} s."));
                    return;
                }
                await ticks.WaitForNextTickAsync(stopped);
            }
            monitor.Answered = true;
            notifications.Add(call.Answer(ConfigResult.Success, notifications.Now));
            if (!spec.Forever)
            {
                return;
            }
            var (failed, reachable) = (0, true);
            TellHaState(probe.HaState);
            TellDegraded(probe.Degraded);
            while (await ticks.WaitForNextTickAsync(stopped))
            {
                probe = await ProbeAsync(driver, spec, context.NsdId, stopped);
                if (probe.Answered)
                {
                    failed = 0;
                    if (!reachable)
                    {
                        reachable = true;
                        (haState, degraded) = (probe.HaState, "");
                        Tell(context, NsdHealth.Reachable, $"The device at {spec.MgmtIpAddress} answers again.", haState);
                    }
                    TellHaState(probe.HaState);
                    TellDegraded(probe.Degraded);
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

        // A device of a pair: each change of its VRRP role is told (reachable, with the role).
        void TellHaState(HaState now)
        {
            if (now != haState)
            {
                haState = now;
                Tell(context, NsdHealth.Reachable, $"The device at {spec.MgmtIpAddress} is {NfpJson.WireName(now)} in its pair.", now);
            }
        }

        // Each change of what the device reports down of its function is told: degraded saying what, or reachable once all of it is up.
        void TellDegraded(string now)
        {
            if (now != degraded)
            {
                degraded = now;
                Tell(context, now.Length > 0 ? NsdHealth.Degraded : NsdHealth.Reachable,
                    now.Length > 0 ? $"The device at {spec.MgmtIpAddress} reports {now}." : $"The device at {spec.MgmtIpAddress} reports all of its function up.",
                    haState);
            }
        }
    }

    /// <summary>One probe, bounded by the probe timeout; a probe that throws counts as unanswered.</summary>
    private async Task<NsdProbe> ProbeAsync(IVendorDriver driver, HealthMonitorSpec spec, Guid nsdId, CancellationToken stopped)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopped);
        limit.CancelAfter(options.Value.ProbeTimeoutMilliseconds);
        try
        {
            return await driver.ProbeAsync(spec.MgmtIpAddress, nsdId, limit.Token);
        }
        catch (Exception e) when (!stopped.IsCancellationRequested)
        {
            if (e is not OperationCanceledException)
            {
                LogProbeFailed(e, spec.MgmtIpAddress);
            }
            return NsdProbe.Silent;
        }
    }

    private void Tell(ConfigContext context, NsdHealth health, string reason, HaState haState = HaState.None)
    {
        LogHealth(context.NsdId, health, reason);
        notifications.Add(new ConfiguratorNotification(NotificationType.NsdHealthStatusNotification, context, notifications.Now,
            Health: health, Reason: reason, HaState: haState == HaState.None ? null : haState));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {NsdId} is {Health}: {Reason}")]
    private partial void LogHealth(Guid nsdId, NsdHealth health, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A probe of {Address} failed; counted as unanswered.")]
    private partial void LogProbeFailed(Exception exception, string address);
}
