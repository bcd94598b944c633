namespace Nfp.NetworkServiceManager.Drivers;

/// <summary>
/// One configured lifecycle driver (configuration <c>LifecycleDrivers:{vendor}</c>): the assembly that
/// holds it, the type, and the settings the driver is built with. A service profile's service_vendor
/// picks its driver; <see cref="ServiceTypes"/>, when given, limits the service types it renders.
/// </summary>
public sealed class LifecycleDriverOptions
{
    public const string Section = "LifecycleDrivers";

    /// <summary>
    /// The entry's subsection naming the vendor's service_config schema (an <c>Assembly</c> and a <c>Type</c>
    /// implementing <c>Nfp.Schema.Drivers.IServiceConfigSchema</c>); absent: any JSON object is taken.
    /// </summary>
    public const string ServiceConfigSection = "ServiceConfig";

    /// <summary>A path to the driver's assembly, absolute or relative to the manager's own folder.</summary>
    public string Assembly { get; set; } = "";

    /// <summary>The driver's full type name; it implements <c>Nfp.Schema.Drivers.ILifecycleDriver</c>.</summary>
    public string Type { get; set; } = "";

    /// <summary>The wire names of the service types the driver renders (loadbalancer, firewall, vpn); empty: all.</summary>
    public List<string> ServiceTypes { get; set; } = [];

    /// <summary>The vendor's pool of spare devices (<c>LifecycleDrivers:{vendor}:SparePool</c>); none by default.</summary>
    public SparePoolOptions SparePool { get; set; } = new();
}
