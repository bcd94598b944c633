using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>
/// A <c>healthmonitor</c> resource: probe the device at <see cref="MgmtIpAddress"/> every
/// <see cref="IntervalMs"/> (the configurator's default when absent); unreachable after
/// <see cref="Failures"/> failed probes in a row (its default when absent).
/// </summary>
public sealed record HealthmonitorData(string MgmtIpAddress, HealthmonitorPeriodicity Periodicity, int? IntervalMs = null, int? Failures = null);

/// <summary>How long a health monitor runs.</summary>
public enum HealthmonitorPeriodicity
{
    /// <summary>Probe until the device answers, then answer the call, and stop.</summary>
    [JsonStringEnumMemberName("initial")] Initial,

    /// <summary>The same, then keep probing, telling each change of the device's health.</summary>
    [JsonStringEnumMemberName("forever")] Forever,
}
