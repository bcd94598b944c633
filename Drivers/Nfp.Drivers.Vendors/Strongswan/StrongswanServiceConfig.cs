using Nfp.Schema.Resources;

namespace Nfp.Drivers.Vendors.Strongswan;

/// <summary>The service_config of strongSwan devices: a VPN's <see cref="VpnConfig"/>.</summary>
public sealed class StrongswanServiceConfig() : ServiceConfigSchema<VpnConfig>(ServiceType.Vpn, new VpnConfigValidator());
