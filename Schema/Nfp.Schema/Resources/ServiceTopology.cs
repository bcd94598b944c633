using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>
/// How many devices render a service (Octavia's load balancer topology): one, or an active-standby pair
/// of two devices whose VRRP instances move the service's addresses to the standby when the active dies.
/// </summary>
public enum ServiceTopology
{
    [JsonStringEnumMemberName("single")] Standalone,
    [JsonStringEnumMemberName("active_standby")] ActiveStandby,
}
