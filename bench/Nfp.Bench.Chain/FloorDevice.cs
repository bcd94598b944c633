using System.Diagnostics;
using System.Globalization;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;

namespace Nfp.Bench.Chain;

/// <summary>
/// The floor: the device work of one load-balancer service done directly (<see cref="DirectDevice"/>).
/// The nfp/haproxy container made and started on the management network, connected to the consumer
/// network at the VIP and to the provider network (popd's Plug); the haproxy vendor driver, the one the
/// configurator runs, waits until the device agent says the device is up and applies the interfaces and
/// then the loadbalancer resource, which writes haproxy.cfg and reloads haproxy.
/// </summary>
internal sealed class FloorDevice(DirectDevice device, ChainNetworks networks, LoadBalancer loadBalancer)
{
    /// <summary>Makes floor device <paramref name="slot"/> (with a device id of its own, as the Pop driver gives one); returns its container id and its phases.</summary>
    public async Task<(string Id, FloorTimes Times)> RenderAsync(int slot, CancellationToken cancellationToken)
    {
        var nsdId = FloorNsdId(slot);
        var (mgmt, vip, provider) = (Addresses.Floor(networks.Management.Cidr, slot), Addresses.Floor(networks.Consumer.Cidr, slot),
            Addresses.Floor(networks.Provider.Cidr, slot));
        var clock = Stopwatch.StartNew();
        var id = await device.StartAsync(Slot(slot), LoadBalancer.Image, networks.Management.Name, mgmt, cancellationToken);
        var container = DirectDevice.Lap(clock);
        await device.ConnectAsync(id, networks.Consumer.Name, vip, cancellationToken);
        await device.ConnectAsync(id, networks.Provider.Name, provider, cancellationToken);
        var attached = await device.EndpointsAsync(id, cancellationToken);
        var connect = DirectDevice.Lap(clock);
        await device.UntilUpAsync(mgmt, nsdId, cancellationToken);
        var agentUp = DirectDevice.Lap(clock);
        var context = new ConfigContext(Guid.NewGuid(), nsdId, Guid.NewGuid(), "nfp-bench-chain");
        await device.ApplyAsync(mgmt, ConfigResourceKind.Interfaces, new InterfacesData(mgmt,
        [
            DirectDevice.Interface(PortClassification.Consumer, networks.Consumer, vip, attached),
            DirectDevice.Interface(PortClassification.Provider, networks.Provider, provider, attached),
        ]), context, false, cancellationToken);
        var interfaces = DirectDevice.Lap(clock);
        await device.ApplyAsync(mgmt, ConfigResourceKind.Loadbalancer, loadBalancer.Data(mgmt, vip), context, false, cancellationToken);
        return (id, new FloorTimes(container, connect, agentUp, interfaces, DirectDevice.Lap(clock)));
    }

    /// <summary>Removes a floor device (not timed).</summary>
    public Task RemoveAsync(string id, CancellationToken cancellationToken) => device.RemoveAsync(id, cancellationToken);

    /// <summary>The device id of floor slot <paramref name="slot"/> in this run.</summary>
    public Guid FloorNsdId(int slot) => device.NsdId(Slot(slot));

    private static string Slot(int slot) => slot.ToString(CultureInfo.InvariantCulture);
}
