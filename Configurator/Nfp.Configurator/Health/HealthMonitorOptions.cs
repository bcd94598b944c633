namespace Nfp.Configurator.Health;

/// <summary>
/// How health monitors probe (configuration <c>HealthMonitors</c>); a healthmonitor resource may set its
/// own <c>interval_ms</c> and <c>failures</c>. The defaults notice a dead device within 2 s with room for a
/// busy host: a probe every 400 ms, each given up after 300 ms, and unreachable after 3 failures in a row
/// — at most 1.2 s after the death when the device's address refuses, 1.5 s when probes hang until their
/// timeout (a killed container's address stops answering at all). With 500 and 400 the second was 1.9 s,
/// and a test on a loaded host saw 2.4 s.
/// </summary>
public sealed class HealthMonitorOptions
{
    public const string Section = "HealthMonitors";

    /// <summary>Time from the start of one probe to the start of the next.</summary>
    public int IntervalMilliseconds { get; set; } = 400;

    /// <summary>How long one probe may take before it counts as a failure.</summary>
    public int ProbeTimeoutMilliseconds { get; set; } = 300;

    /// <summary>Failed probes in a row after which a device is unreachable.</summary>
    public int Failures { get; set; } = 3;

    /// <summary>How long a new monitor waits for the device's first answer before its call fails.</summary>
    public int InitialTimeoutSeconds { get; set; } = 120;
}
