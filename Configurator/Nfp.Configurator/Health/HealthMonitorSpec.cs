using System.Text.Json;
using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;

namespace Nfp.Configurator.Health;

/// <summary>
/// A healthmonitor resource (<see cref="HealthmonitorData"/>) with the configurator's defaults filled in:
/// <c>periodicity</c> <c>initial</c> (probe until the device answers, then notify) or <c>forever</c> (the
/// same, then keep probing: unreachable after <c>failures</c> failed probes in a row, reachable again on
/// the first answer after that), every <c>interval_ms</c>.
/// </summary>
internal sealed record HealthMonitorSpec(string MgmtIpAddress, bool Forever, TimeSpan Interval, int Failures)
{
    /// <summary>The spec in <paramref name="data"/>, or what is wrong with it, fields named below <paramref name="path"/>.</summary>
    public static (HealthMonitorSpec? Spec, IReadOnlyList<FieldError> Errors) Read(JsonElement data, string path, HealthMonitorOptions defaults)
    {
        var read = Contracts.Read<HealthmonitorData>(data);
        if (read.Value is not { } monitor)
        {
            return (null, read.Errors.Select(e => e with { Field = $"{path}.{e.Field}".TrimStart('.') }).ToList());
        }
        return (new HealthMonitorSpec(monitor.MgmtIpAddress, monitor.Periodicity == HealthmonitorPeriodicity.Forever,
            TimeSpan.FromMilliseconds(monitor.IntervalMs ?? defaults.IntervalMilliseconds), monitor.Failures ?? defaults.Failures), []);
    }
}
