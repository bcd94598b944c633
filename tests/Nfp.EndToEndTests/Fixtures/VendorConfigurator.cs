using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Drivers.Vendors.Iptables;
using Nfp.IntegrationTests.Fixtures;

namespace Nfp.EndToEndTests.Fixtures;

/// <summary>
/// The configurator in process with NFP's own vendor drivers loaded as plugins, as the nfp/configurator
/// image has them: vendor "haproxy" (<see cref="HaproxyDriver"/>) and "iptables"
/// (<see cref="IptablesFirewallDriver"/>), both with the run's <see cref="DeviceAgent.Secret"/>.
/// </summary>
public sealed class VendorConfigurator() : ConfiguratorServer(Settings())
{
    public const string Haproxy = "haproxy";
    public const string Iptables = "iptables";

    private static Dictionary<string, string> Settings() => new()
    {
        [$"VendorDrivers:{Haproxy}:Assembly"] = typeof(HaproxyDriver).Assembly.Location,
        [$"VendorDrivers:{Haproxy}:Type"] = typeof(HaproxyDriver).FullName!,
        [$"VendorDrivers:{Haproxy}:Settings:AgentSecret"] = DeviceAgent.Secret,
        [$"VendorDrivers:{Iptables}:Assembly"] = typeof(IptablesFirewallDriver).Assembly.Location,
        [$"VendorDrivers:{Iptables}:Type"] = typeof(IptablesFirewallDriver).FullName!,
        [$"VendorDrivers:{Iptables}:Settings:AgentSecret"] = DeviceAgent.Secret,
    };
}
