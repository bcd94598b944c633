using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>The kinds of configuration a configurator request may carry.</summary>
public enum ConfigResourceKind
{
    [JsonStringEnumMemberName("interfaces")] Interfaces,
    [JsonStringEnumMemberName("routes")] Routes,
    [JsonStringEnumMemberName("healthmonitor")] Healthmonitor,
    [JsonStringEnumMemberName("firewall")] Firewall,
    [JsonStringEnumMemberName("loadbalancer")] Loadbalancer,
    [JsonStringEnumMemberName("vpn")] Vpn,
    [JsonStringEnumMemberName("vrrp")] Vrrp,
}
