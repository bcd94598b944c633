using Nfp.Schema.Resources;

namespace Nfp.Drivers.Vendors.Iptables;

/// <summary>The service_config of iptables devices: a firewall's <see cref="FirewallConfig"/>.</summary>
public sealed class IptablesServiceConfig() : ServiceConfigSchema<FirewallConfig>(ServiceType.Firewall, new FirewallConfigValidator());
