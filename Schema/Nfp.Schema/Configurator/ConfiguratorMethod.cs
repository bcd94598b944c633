using System.Text.Json.Serialization;

namespace Nfp.Schema.Configurator;

/// <summary>
/// The configurator's REST methods (<c>POST /v1/nfp/{method}</c>), which the manager calls through the
/// configurator proxy.
/// </summary>
public enum ConfiguratorMethod
{
    [JsonStringEnumMemberName("create_nsd_config")] CreateNsdConfig,
    [JsonStringEnumMemberName("delete_nsd_config")] DeleteNsdConfig,
    [JsonStringEnumMemberName("create_network_service_config")] CreateNetworkServiceConfig,
    [JsonStringEnumMemberName("delete_network_service_config")] DeleteNetworkServiceConfig,
    [JsonStringEnumMemberName("create_network_service_healthmonitor")] CreateNetworkServiceHealthmonitor,
    [JsonStringEnumMemberName("delete_network_service_healthmonitor")] DeleteNetworkServiceHealthmonitor,
}
