using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The circuit breaker of automatic failover in <c>/healthz</c>: Degraded, saying why, while it holds
/// automatic failovers back (the manager still works; the operator's failovers still run).
/// </summary>
internal sealed class FailoverBreakerHealthCheck(Failovers failovers, IOptions<OrchestrationOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Failover.Automatic)
        {
            return HealthCheckResult.Healthy("automatic failover is off (Orchestration:Failover:Automatic)");
        }
        return await failovers.BreakerOpenAsync(cancellationToken) is { } held
            ? HealthCheckResult.Degraded(held)
            : HealthCheckResult.Healthy("automatic failover on; circuit breaker closed");
    }
}
