using System.Diagnostics;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Nfp.Drivers.Vendors.Agent;
using Nfp.Drivers.Vendors.Haproxy;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Bench.Chain;

/// <summary>
/// The floor: the device work of one load-balancer service done directly. Docker.DotNet creates the
/// nfp/haproxy container as popd does for the Pop driver — on the management network at a fixed address,
/// NET_ADMIN, the agent's password in its environment — and starts it, then connects it to the consumer
/// network at the VIP and to the provider network (popd's Plug). The haproxy vendor driver, the one the
/// configurator runs, waits until the device agent says the device is up (the health monitor's probe)
/// and applies the interfaces and then the loadbalancer resource, which writes haproxy.cfg and reloads haproxy.
/// </summary>
internal sealed class FloorDevice(DockerClient docker, ChainNetworks networks, LoadBalancer loadBalancer, HaproxyDriver driver, string agentSecret, string runId)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan ProbeSpacing = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan AgentPatience = TimeSpan.FromSeconds(60);

    /// <summary>Makes floor device <paramref name="slot"/> (with a device id of its own, as the Pop driver gives one); returns its container id and its phases.</summary>
    public async Task<(string Id, FloorTimes Times)> RenderAsync(int slot, CancellationToken cancellationToken)
    {
        var nsdId = FloorNsdId(slot);
        var (mgmt, vip, provider) = (Addresses.Floor(networks.Management.Cidr, slot), Addresses.Floor(networks.Consumer.Cidr, slot),
            Addresses.Floor(networks.Provider.Cidr, slot));
        var clock = Stopwatch.StartNew();
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{runId}.floor-{slot}",
            Hostname = $"floor-{slot}",
            Image = LoadBalancer.Image,
            Env = [$"NFP_AGENT_PASSWORD={DeviceCredentials.Password(agentSecret, nsdId)}", $"NFP_DEVICE_ID={nsdId:D}"],
            Labels = new Dictionary<string, string> { [BenchStack.RunLabel] = runId },
            HostConfig = new HostConfig { NetworkMode = networks.Management.Name, CapAdd = ["NET_ADMIN"] },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [networks.Management.Name] = At(mgmt) } },
        }, cancellationToken);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        var container = Lap(clock);
        await ConnectAsync(created.ID, networks.Consumer.Name, vip, cancellationToken);
        await ConnectAsync(created.ID, networks.Provider.Name, provider, cancellationToken);
        var attached = (await docker.Containers.InspectContainerAsync(created.ID, cancellationToken)).NetworkSettings?.Networks
            ?? throw new BenchException($"Docker tells no networks of floor device {slot}.");
        var connect = Lap(clock);
        await WaitUntilUpAsync(mgmt, nsdId, cancellationToken);
        var agentUp = Lap(clock);
        var context = new ConfigContext(Guid.NewGuid(), nsdId, Guid.NewGuid(), "nfp-bench-chain");
        await ApplyAsync(mgmt, ConfigResourceKind.Interfaces, new InterfacesData(mgmt,
        [
            Interface(PortClassification.Consumer, networks.Consumer, vip, attached),
            Interface(PortClassification.Provider, networks.Provider, provider, attached),
        ]), context, cancellationToken);
        var interfaces = Lap(clock);
        await ApplyAsync(mgmt, ConfigResourceKind.Loadbalancer, loadBalancer.Data(mgmt, vip), context, cancellationToken);
        return (created.ID, new FloorTimes(container, connect, agentUp, interfaces, Lap(clock)));
    }

    /// <summary>Removes a floor device (not timed).</summary>
    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);

    private Task ConnectAsync(string id, string network, string address, CancellationToken cancellationToken) =>
        docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = id, EndpointConfig = At(address) }, cancellationToken);

    /// <summary>The device id of floor slot <paramref name="slot"/> in this run.</summary>
    public Guid FloorNsdId(int slot) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{runId}/floor-{slot}"))[..16]);

    private async Task WaitUntilUpAsync(string mgmt, Guid nsdId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probe.CancelAfter(ProbeTimeout);
            if ((await driver.ProbeAsync(mgmt, nsdId, probe.Token)).Answered)
            {
                return;
            }
            if (clock.Elapsed > AgentPatience)
            {
                throw new BenchException($"The floor device at {mgmt} did not say it was up within {AgentPatience.TotalSeconds:0} s.");
            }
            await Task.Delay(ProbeSpacing, cancellationToken);
        }
    }

    private Task ApplyAsync<T>(string mgmt, ConfigResourceKind kind, T data, ConfigContext context, CancellationToken cancellationToken) =>
        driver.ApplyAsync(new DeviceChange(mgmt, new ConfigResource(kind, JsonSerializer.SerializeToElement(data, NfpJson.Options)), false, context),
            cancellationToken);

    private static DataInterface Interface(
        PortClassification classification, (string Name, string Cidr) network, string address, IDictionary<string, EndpointSettings> attached) =>
        new(Guid.NewGuid(), classification, network.Name, address, network.Cidr, attached[network.Name].MacAddress);

    /// <summary>An endpoint at a fixed address, as popd asks Docker for every endpoint.</summary>
    public static EndpointSettings At(string address) => new() { IPAMConfig = new EndpointIPAMConfig { IPv4Address = address } };

    /// <summary>The milliseconds since the last lap, and a new lap begun.</summary>
    private static double Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return elapsed;
    }
}
