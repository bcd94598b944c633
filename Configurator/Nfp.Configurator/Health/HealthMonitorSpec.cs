using System.Text.Json;
using Nfp.Configurator.Config;
using Nfp.Schema.Validation;

namespace Nfp.Configurator.Health;

/// <summary>
/// A healthmonitor resource: <c>periodicity</c> <c>initial</c> (probe until the device answers, then
/// notify) or <c>forever</c> (the same, then keep probing: unreachable after <c>failures</c> failed probes
/// in a row, reachable again on the first answer after that), every <c>interval_ms</c>.
/// </summary>
internal sealed record HealthMonitorSpec(string MgmtIpAddress, bool Forever, TimeSpan Interval, int Failures)
{
    public static (HealthMonitorSpec? Spec, IReadOnlyList<FieldError> Errors) Read(JsonElement data, string path, HealthMonitorOptions defaults)
    {
        var errors = new List<FieldError>();
        var (address, addressError) = ResourceData.ReadMgmtIpAddress(data, path);
        var (interval, intervalError) = ResourceData.ReadNumber(data, "interval_ms", path, 50, 60_000, defaults.IntervalMilliseconds);
        var (failures, failuresError) = ResourceData.ReadNumber(data, "failures", path, 1, 100, defaults.Failures);
        errors.AddRange(new[] { addressError, intervalError, failuresError }.OfType<FieldError>());
        var periodicity = data.TryGetProperty("periodicity", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (periodicity is not ("initial" or "forever"))
        {
            errors.Add(new FieldError($"{path}.periodicity", periodicity is null ? FieldErrorCodes.Required : FieldErrorCodes.UnknownValue,
                $"'{path}.periodicity' must be 'initial' or 'forever'."));
        }
        return errors.Count == 0
            ? (new HealthMonitorSpec(address!, periodicity == "forever", TimeSpan.FromMilliseconds(interval), failures), errors)
            : (null, errors);
    }
}
