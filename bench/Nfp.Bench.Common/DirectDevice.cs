using System.Diagnostics;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Bench;

/// <summary>
/// A device's work done directly, the floor a bench measures the manager against: Docker.DotNet makes the
/// device's container as popd does for the Pop driver — on the management network at a fixed address,
/// NET_ADMIN, its id in its environment and its own agent password as the file /run/secrets/NFP_AGENT_PASSWORD
/// (one more Docker call before the start, as popd makes), labelled for the stack's clean-up — and
/// connects it to its data networks (popd's Plug); the configurator's own vendor driver, built in the
/// bench process, waits until the device agent says the device is up (the health monitor's probe) and
/// applies the resources, as the configurator would.
/// </summary>
public sealed class DirectDevice(DockerClient docker, IVendorDriver driver, string agentSecret, string runId)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan ProbeSpacing = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan AgentPatience = TimeSpan.FromSeconds(60);

    /// <summary>The device id of the floor's device <paramref name="slot"/> in this run, the same on every call (as the Pop driver gives one).</summary>
    public Guid NsdId(string slot) => new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{runId}/floor-{slot}"))[..16]);

    /// <summary>Creates and starts the device <paramref name="slot"/> of <paramref name="image"/> on <paramref name="management"/> at <paramref name="mgmt"/>; returns its container id.</summary>
    public async Task<string> StartAsync(string slot, string image, string management, string mgmt, CancellationToken cancellationToken)
    {
        var nsdId = NsdId(slot);
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{runId}.floor-{slot}",
            Hostname = $"floor-{slot}",
            Image = image,
            Env = [$"NFP_DEVICE_ID={nsdId:D}"],
            Labels = new Dictionary<string, string> { [BenchStack.RunLabel] = runId },
            HostConfig = new HostConfig { NetworkMode = management, CapAdd = ["NET_ADMIN"] },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { [management] = BenchDocker.At(mgmt) } },
        }, cancellationToken);
        // The agent's password as a file, as popd gives a device its secrets (never in its environment).
        await docker.Containers.ExtractArchiveToContainerAsync(created.ID, new CopyToContainerParameters { Path = "/" },
            Hosting.SecretFiles.Archive(new Dictionary<string, string> { ["NFP_AGENT_PASSWORD"] = DeviceCredentials.Password(agentSecret, nsdId) }),
            cancellationToken);
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        return created.ID;
    }

    /// <summary>Connects the container to <paramref name="network"/> at <paramref name="address"/> (popd's Plug).</summary>
    public Task ConnectAsync(string id, string network, string address, CancellationToken cancellationToken) =>
        docker.Networks.ConnectNetworkAsync(network, new NetworkConnectParameters { Container = id, EndpointConfig = BenchDocker.At(address) }, cancellationToken);

    /// <summary>The container's endpoints by network, for their MACs.</summary>
    public async Task<IDictionary<string, EndpointSettings>> EndpointsAsync(string id, CancellationToken cancellationToken) =>
        (await docker.Containers.InspectContainerAsync(id, cancellationToken)).NetworkSettings?.Networks
        ?? throw new BenchException($"Docker tells no networks of container {id}.");

    /// <summary>Until the device agent at <paramref name="mgmt"/> says the device is up (every 20 ms, 300 ms each, as the configurator's probe).</summary>
    public async Task UntilUpAsync(string mgmt, Guid nsdId, CancellationToken cancellationToken)
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

    /// <summary>The resource <paramref name="kind"/> with <paramref name="data"/> applied to (or, <paramref name="removing"/>, removed from) the device, through the vendor driver.</summary>
    public Task ApplyAsync<T>(string mgmt, ConfigResourceKind kind, T data, ConfigContext context, bool removing, CancellationToken cancellationToken) =>
        driver.ApplyAsync(new DeviceChange(mgmt, new ConfigResource(kind, JsonSerializer.SerializeToElement(data, NfpJson.Options)), removing, context),
            cancellationToken);

    /// <summary>Removes a floor device (not timed).</summary>
    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);

    /// <summary>A data interface as the Pop driver reports a plugged port: its network, address, CIDR and the MAC Docker gave it.</summary>
    public static DataInterface Interface(
        PortClassification classification, (string Name, string Cidr) network, string address, IDictionary<string, EndpointSettings> endpoints) =>
        new(Guid.NewGuid(), classification, network.Name, address, network.Cidr, endpoints[network.Name].MacAddress);

    /// <summary>The milliseconds since the last lap, and a new lap begun.</summary>
    public static double Lap(Stopwatch clock)
    {
        var elapsed = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        return elapsed;
    }
}
