namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The bounds of automatic failover (configuration section <c>Orchestration:Failover</c>): a device that
/// keeps dying is failed over with growing delays and then left in ERROR, and a burst of deaths (a lost
/// Pop, a host gone) opens the circuit breaker instead of setting off a storm of failovers. The operator's
/// failover (failover_network_service, failover_nsd) is bounded by none of these.
/// </summary>
public sealed class FailoverOptions
{
    /// <summary>Whether a device declared dead is failed over at all without an operator (else it stays in ERROR).</summary>
    public bool Automatic { get; set; } = true;

    /// <summary>
    /// How long an automatic failover waits before it begins: the deaths of one burst, told one by one
    /// as each device's monitor sees them, are all counted by the breaker before any failover begins.
    /// </summary>
    public int SettleMilliseconds { get; set; } = 500;

    /// <summary>The delay added before the n-th try within <see cref="WindowSeconds"/>: BackoffSeconds × (2^(n-1) − 1), so 0, 2, 6 s.</summary>
    public int BackoffSeconds { get; set; } = 2;

    /// <summary>Automatic failovers of one service within <see cref="WindowSeconds"/> before it is left in ERROR.</summary>
    public int MaxTries { get; set; } = 3;

    public int WindowSeconds { get; set; } = 300;

    /// <summary>
    /// The circuit breaker (Octavia's failover threshold): when automatic failovers begun within
    /// <see cref="BreakerWindowSeconds"/> are for more than this many devices, none more begins — each
    /// waiting one fails with the breaker's reason — until the window has passed them.
    /// </summary>
    public int BreakerThreshold { get; set; } = 5;

    public int BreakerWindowSeconds { get; set; } = 60;
}
