using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>The role of an instance in an HA pair; <c>none</c> for a lone instance.</summary>
public enum HaState
{
    [JsonStringEnumMemberName("none")] None,
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("standby")] Standby,
}
