using System.Security.Cryptography;
using System.Text.Json;
using Nfp.Drivers.Vendors.Strongswan;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Bench.Vpn;

/// <summary>
/// The VPN both paths make, from the strongswan driver's own types so that both render the same swanctl.conf:
/// per site one IPsec site connection to the other site's gateway (IKEv2 and ESP with the driver's default
/// policies, dead peer detection as deploy/demo-vpn.sh has it, a pre-shared key made for the run). The manager
/// gets it as a create request — the gateway's public address as the consumer port's, its site address as the
/// provider port's, the connection as service_config; the floor hands the driver the <c>vpn</c> resource the
/// Pop driver makes of that request (the public address as <c>local_address</c>).
/// </summary>
internal sealed class VpnService(VpnSites sites)
{
    public const string Vendor = "strongswan";
    public const string Image = "nfp/strongswan-vpn:latest";

    private static readonly Dpd Dpd = new(DpdAction.Restart, IntervalSeconds: 10, TimeoutSeconds: 30);
    private readonly string _psk = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>
    /// The create request of <paramref name="site"/>'s service. service_config is the connection list alone: a
    /// serialized <see cref="VpnConfig"/> would carry <c>"routes": null</c>, which the Pop driver would take for a routes resource.
    /// </summary>
    public CreateNetworkService Request(Site site) => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Vpn, Vendor),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, sites.Public.Name, IpAddress: site.GatewayPublic),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, site.Network.Name, IpAddress: site.GatewaySite),
        ], $"vpn-{site.Name}", ServiceConfig: JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["site_connections"] = new[] { Connection(site) },
        }, NfpJson.Options));

    /// <summary>The <c>vpn</c> resource's data as the Pop driver makes it from <see cref="Request"/>.</summary>
    public VpnData Data(string mgmtIpAddress, Site site) => new(mgmtIpAddress, site.GatewayPublic, [Connection(site)]);

    private SiteConnection Connection(Site site)
    {
        var peer = sites.PeerOf(site);
        return new SiteConnection($"to-{peer.Name}", peer.GatewayPublic, [peer.Network.Cidr], [site.Network.Cidr], _psk, Dpd: Dpd);
    }
}
