using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>
/// What health monitoring last observed of a resource, as operators know it from Octavia. It is an
/// observation, not a life cycle: any value may follow any other.
/// </summary>
public enum OperatingStatus
{
    [JsonStringEnumMemberName("ONLINE")] Online,
    [JsonStringEnumMemberName("DEGRADED")] Degraded,
    [JsonStringEnumMemberName("OFFLINE")] Offline,
    [JsonStringEnumMemberName("ERROR")] Error,
    [JsonStringEnumMemberName("NO_MONITOR")] NoMonitor,
}
