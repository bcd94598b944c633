using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>What a health monitor last found of a device.</summary>
public enum NsdHealth
{
    [JsonStringEnumMemberName("reachable")] Reachable,
    [JsonStringEnumMemberName("unreachable")] Unreachable,

    /// <summary>The device answers, but reports part of its function down (a VPN connection not established): the reason says which.</summary>
    [JsonStringEnumMemberName("degraded")] Degraded,
}
