namespace Nfp.Bench.Vpn;

/// <summary>
/// One site, as deploy/demo-vpn.sh lays it out: its network (Pop, a /24), its gateway at host 2 of it and
/// at <see cref="GatewayPublic"/> on the public network, and a host at host 10 that reaches the other site
/// through the gateway. Both paths put their gateway at the same addresses (they never run at once), so
/// the hosts and their routes serve both.
/// </summary>
/// <param name="Name">a or b.</param>
/// <param name="FloorMgmt">The floor's gateway's management address: in the upper half of the management network, away from popd's.</param>
internal sealed record Site(string Name, (string Name, string Cidr) Network, string GatewayPublic, string GatewaySite, string Host, string FloorMgmt);

/// <summary>
/// The bench's networks — popd's default network (the devices' management), the "public" network where the
/// gateways meet, and the two sites — and the two sites on them:
/// <c>host-a ─site a─ gateway a ══ public ══ gateway b ─site b─ host-b</c>.
/// </summary>
internal sealed record VpnSites((string Name, string Cidr) Management, (string Name, string Cidr) Public, Site A, Site B)
{
    public static VpnSites Of((string Name, string Cidr) management, (string Name, string Cidr) @public, (string Name, string Cidr) a, (string Name, string Cidr) b)
    {
        Site Make(string name, (string Name, string Cidr) network, int index) => new(name, network, Subnets.Host(@public.Cidr, 2 + index),
            Subnets.Host(network.Cidr, 2), Subnets.Host(network.Cidr, 10), Subnets.Host(management.Cidr, (Subnets.Size(management.Cidr) / 2) + 10 + index));
        return new VpnSites(management, @public, Make("a", a, 0), Make("b", b, 1));
    }

    public IReadOnlyList<Site> Both => [A, B];

    /// <summary>The site at the other end of <paramref name="site"/>'s tunnel.</summary>
    public Site PeerOf(Site site) => site == A ? B : A;
}
