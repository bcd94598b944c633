using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The configurator in <c>/healthz</c>, as the notification pulls (of any manager instance) last found
/// it: Degraded, saying why, when the last pull did not reach it — its container dead, its proxy or agent
/// down — or when no pull ran for 5 s. A pull runs every second and one the configurator's death cuts
/// short ends at once, so the check says so within about a second. Degraded, not Unhealthy: the manager
/// itself works on, and takes requests.
/// </summary>
internal sealed class ConfiguratorHealthCheck(
    [FromKeyedServices(OrchestrationRegistration.SchedulerName)] ISchedulerFactory schedulers, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var data = (await scheduler.GetJobDetail(NotificationPullJob.Key, cancellationToken))?.JobDataMap;
        if (data is null || !data.TryGetString(NotificationPullJob.CheckedAtKey, out var checkedAt))
        {
            return HealthCheckResult.Degraded("the configurator has not been pulled from yet");
        }
        var age = clock.GetUtcNow() - DateTimeOffset.Parse(checkedAt!, CultureInfo.InvariantCulture);
        if (age > Stale)
        {
            return HealthCheckResult.Degraded($"no pull of the configurator's notifications for {age.TotalSeconds:0} s");
        }
        return data.TryGetString(NotificationPullJob.ReachedKey, out var reached) && reached == "true"
            ? HealthCheckResult.Healthy($"reached {age.TotalSeconds:0.0} s ago")
            : HealthCheckResult.Degraded($"not reached {age.TotalSeconds:0.0} s ago: {(data.TryGetString(NotificationPullJob.ReasonKey, out var reason) ? reason : "")}");
    }
}
