using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>The HA role of a port: the active or standby instance's own, or the master (virtual) port.</summary>
public enum PortType
{
    [JsonStringEnumMemberName("active")] Active,
    [JsonStringEnumMemberName("standby")] Standby,
    [JsonStringEnumMemberName("master")] Master,
}
