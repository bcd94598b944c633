using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;

namespace Nfp.Configurator.Config;

/// <summary>
/// The configurator's service modules (NFP spec): the generic module takes the device-wide resources
/// (interfaces, routes, the VRRP instance of a device in an active-standby pair) and the health monitors of every service type; the firewall, loadbalancer and vpn
/// modules take their own resource, on services of their own type only. A module hands what it takes to
/// the vendor driver of the request's vendor; health monitors the generic module runs itself.
/// </summary>
internal static class ServiceModules
{
    /// <summary>Whether a module takes <paramref name="resource"/> on a <paramref name="type"/> service.</summary>
    public static bool Takes(ConfigResourceKind resource, ServiceType type) => resource switch
    {
        ConfigResourceKind.Interfaces or ConfigResourceKind.Routes or ConfigResourceKind.Vrrp or ConfigResourceKind.Healthmonitor => true, // generic
        ConfigResourceKind.Firewall => type == ServiceType.Firewall,
        ConfigResourceKind.Loadbalancer => type == ServiceType.Loadbalancer,
        ConfigResourceKind.Vpn => type == ServiceType.Vpn,
        _ => false,
    };

    /// <summary>The resources a method carries: health monitors for the health monitor methods, the rest for the others.</summary>
    public static bool Carries(ConfiguratorMethod method, ConfigResourceKind resource) =>
        IsHealthmonitorMethod(method) == (resource == ConfigResourceKind.Healthmonitor);

    public static bool IsHealthmonitorMethod(ConfiguratorMethod method) =>
        method is ConfiguratorMethod.CreateNetworkServiceHealthmonitor or ConfiguratorMethod.DeleteNetworkServiceHealthmonitor;

    /// <summary>Whether the method takes its resources away rather than applying them.</summary>
    public static bool Removes(ConfiguratorMethod method) =>
        method is ConfiguratorMethod.DeleteNsdConfig or ConfiguratorMethod.DeleteNetworkServiceConfig
            or ConfiguratorMethod.DeleteNetworkServiceHealthmonitor;
}
