using System.Diagnostics;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;

namespace Nfp.Bench.Vpn;

/// <summary>
/// The floor: the device work of the two VPN services done directly (<see cref="DirectDevice"/>), both
/// gateways at once as the manager's workers make them. Each nfp/strongswan-vpn container is made and
/// started on the management network, connected to the public network at its public address and to its
/// site's network (popd's Plug); the strongswan vendor driver, the one the configurator runs, waits until
/// the device agent says the device is up and applies the interfaces and then the <c>vpn</c> resource,
/// whose swanctl.conf the agent loads into charon (<c>swanctl --load-all</c>), which starts the connection.
/// Timed, as the manager path, until host a has its first answer from host b through the tunnel.
/// The same gateways then serve the throughput part: <see cref="UsePlainAsync"/> and
/// <see cref="UseTunnelAsync"/> move the sites' traffic off the tunnel onto static routes and back.
/// </summary>
internal sealed class DirectVpn(DirectDevice device, VpnSites sites, VpnService vpn, SiteHosts hosts)
{
    /// <summary>Both gateways made, and the time until traffic passes the tunnel.</summary>
    public async Task<(IReadOnlyList<DirectGateway> Gateways, DirectTimes Times)> RenderAsync(CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        var answered = hosts.FirstAnswerAsync(cancellationToken);
        var made = await Task.WhenAll(sites.Both.Select(site => GatewayAsync(site, cancellationToken)));
        var configured = clock.Elapsed.TotalMilliseconds;
        var answeredAt = await answered;
        return ([.. made.Select(m => m.Gateway)], new DirectTimes(answeredAt - sentAt, configured, [.. made.Select(m => m.Times)]));
    }

    /// <summary>Removes the gateways (not timed).</summary>
    public Task RemoveAsync(IEnumerable<DirectGateway> gateways, CancellationToken cancellationToken) =>
        Task.WhenAll(gateways.Select(g => device.RemoveAsync(g.Id, cancellationToken)));

    /// <summary>
    /// The sites' traffic without the tunnel: the <c>vpn</c> resource removed from both gateways (no connection
    /// in charon: its SAs, and the routes it put in table 220, gone), which must leave nothing passing; then a
    /// static route on each to the other site through the other gateway's public address. Waits until it passes.
    /// </summary>
    /// <exception cref="BenchException">Traffic still passed with neither the tunnel nor the routes.</exception>
    public async Task UsePlainAsync(IReadOnlyList<DirectGateway> gateways, CancellationToken cancellationToken)
    {
        await Task.WhenAll(gateways.Select(g => device.ApplyAsync(g.Mgmt, ConfigResourceKind.Vpn, vpn.Data(g.Mgmt, g.Site), Context(g), true, cancellationToken)));
        if (await hosts.PassesAsync(cancellationToken))
        {
            throw new BenchException("Host a still reached host b with the tunnel removed and no route: the sites are joined some other way.");
        }
        await Task.WhenAll(gateways.Select(g => device.ApplyAsync(g.Mgmt, ConfigResourceKind.Routes, Routes(g), Context(g), false, cancellationToken)));
        await hosts.FirstAnswerAsync(cancellationToken);
    }

    /// <summary>The sites' traffic through the tunnel again: the static routes removed, the <c>vpn</c> resource applied; waits until it passes.</summary>
    public async Task UseTunnelAsync(IReadOnlyList<DirectGateway> gateways, CancellationToken cancellationToken)
    {
        await Task.WhenAll(gateways.Select(g => device.ApplyAsync(g.Mgmt, ConfigResourceKind.Routes, Routes(g), Context(g), true, cancellationToken)));
        await Task.WhenAll(gateways.Select(g => device.ApplyAsync(g.Mgmt, ConfigResourceKind.Vpn, vpn.Data(g.Mgmt, g.Site), Context(g), false, cancellationToken)));
        await hosts.FirstAnswerAsync(cancellationToken);
    }

    private async Task<(DirectGateway Gateway, GatewayTimes Times)> GatewayAsync(Site site, CancellationToken cancellationToken)
    {
        var gateway = new DirectGateway(site, "", site.FloorMgmt, device.NsdId(site.Name));
        var clock = Stopwatch.StartNew();
        var id = await device.StartAsync(site.Name, VpnService.Image, sites.Management.Name, gateway.Mgmt, cancellationToken);
        gateway = gateway with { Id = id };
        var container = DirectDevice.Lap(clock);
        await device.ConnectAsync(id, sites.Public.Name, site.GatewayPublic, cancellationToken);
        await device.ConnectAsync(id, site.Network.Name, site.GatewaySite, cancellationToken);
        var endpoints = await device.EndpointsAsync(id, cancellationToken);
        var connect = DirectDevice.Lap(clock);
        await device.UntilUpAsync(gateway.Mgmt, gateway.NsdId, cancellationToken);
        var agentUp = DirectDevice.Lap(clock);
        await device.ApplyAsync(gateway.Mgmt, ConfigResourceKind.Interfaces, new InterfacesData(gateway.Mgmt,
        [
            DirectDevice.Interface(PortClassification.Consumer, sites.Public, site.GatewayPublic, endpoints),
            DirectDevice.Interface(PortClassification.Provider, site.Network, site.GatewaySite, endpoints),
        ]), Context(gateway), false, cancellationToken);
        var interfaces = DirectDevice.Lap(clock);
        await device.ApplyAsync(gateway.Mgmt, ConfigResourceKind.Vpn, vpn.Data(gateway.Mgmt, site), Context(gateway), false, cancellationToken);
        return (gateway, new GatewayTimes(container, connect, agentUp, interfaces, DirectDevice.Lap(clock)));
    }

    /// <summary>Each gateway's static route to the other site, through the other gateway's public address.</summary>
    private RoutesData Routes(DirectGateway gateway)
    {
        var peer = sites.PeerOf(gateway.Site);
        return new RoutesData(gateway.Mgmt, [new Route(peer.Network.Cidr, peer.GatewayPublic)]);
    }

    private static ConfigContext Context(DirectGateway gateway) => new(Guid.NewGuid(), gateway.NsdId, Guid.NewGuid(), "nfp-bench-vpn");
}
