using System.Text.Json.Serialization;

namespace Nfp.Schema.Resources;

/// <summary>The network function a service profile asks for; the configurator has one service module per value.</summary>
public enum ServiceType
{
    [JsonStringEnumMemberName("loadbalancer")] Loadbalancer,
    [JsonStringEnumMemberName("firewall")] Firewall,
    [JsonStringEnumMemberName("vpn")] Vpn,
}
