using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>What a health monitor last found of a device.</summary>
public enum NsdHealth
{
    [JsonStringEnumMemberName("reachable")] Reachable,
    [JsonStringEnumMemberName("unreachable")] Unreachable,
}
