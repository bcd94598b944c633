using System.Globalization;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// An <see cref="OrchestrationStack"/> with automatic failover on and quick to try again: 1 s of backoff,
/// 2 tries within 10 minutes, the circuit breaker opening above <paramref name="breakerThreshold"/> devices
/// within 60 s, failovers settling for <paramref name="settleMilliseconds"/>, and create_nsd given 8 s.
/// </summary>
public abstract class FailoverStackBase(int breakerThreshold, int settleMilliseconds, IReadOnlyDictionary<string, string>? more = null)
    : OrchestrationStack(new Dictionary<string, string>(more ?? new Dictionary<string, string>())
{
    ["Orchestration:Failover:Automatic"] = "true",
    ["Orchestration:Failover:SettleMilliseconds"] = settleMilliseconds.ToString(CultureInfo.InvariantCulture),
    ["Orchestration:Failover:BackoffSeconds"] = "1",
    ["Orchestration:Failover:MaxTries"] = "2",
    ["Orchestration:Failover:WindowSeconds"] = "600",
    ["Orchestration:Failover:BreakerThreshold"] = breakerThreshold.ToString(CultureInfo.InvariantCulture),
    ["Orchestration:Failover:BreakerWindowSeconds"] = "60",
    ["Orchestration:StepDeadlineSeconds:create_nsd"] = "8",
});

/// <summary>Failover with a breaker no test here reaches, settling for 200 ms.</summary>
public sealed class FailoverStack() : FailoverStackBase(breakerThreshold: 100, settleMilliseconds: 200);

/// <summary>Failover with the breaker's threshold at two devices, settling for 3 s so that three deaths told together are all counted.</summary>
public sealed class BreakerStack() : FailoverStackBase(breakerThreshold: 2, settleMilliseconds: 3000);

/// <summary>
/// Failover as in <see cref="FailoverStack"/>, and a spare pool of <see cref="PoolSize"/> load balancer devices
/// for vendor <see cref="OrchestrationStack.Vendor"/>, checked every 300 ms.
/// </summary>
public sealed class SparePoolStack() : FailoverStackBase(breakerThreshold: 100, settleMilliseconds: 200, new Dictionary<string, string>
{
    [$"LifecycleDrivers:{Vendor}:SparePool:Size"] = "2",
    [$"LifecycleDrivers:{Vendor}:SparePool:ServiceType"] = "loadbalancer",
    ["Orchestration:SparePoolIntervalMilliseconds"] = "300",
})
{
    public const int PoolSize = 2;
}
