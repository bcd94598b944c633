using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench.Pop;

/// <summary>
/// The direct path: the Docker calls popd makes for one container, made straight through Docker.DotNet
/// (see Drivers/Nfp.Popd/Engine/DockerEngine.cs). The container is created as popd creates it (name,
/// hostname, environment, two labels, a fixed IPv4 address on a user bridge network), then started,
/// stopped with the same timeout and removed.
/// </summary>
internal sealed class DirectDocker(DockerClient docker, string runId, string image, uint stopTimeoutSeconds)
{
    /// <summary>The label on everything the direct path makes, so that cleanup finds it.</summary>
    public const string RunLabel = "nfp.bench";

    private string _networkId = "";
    private IPNetwork _subnet;

    /// <summary>
    /// Creates the bench's bridge network on a /24 of 10.200.0.0/13 that no Docker network overlaps, as
    /// popd creates its default network (bridge, not internal, a fixed gateway).
    /// </summary>
    public async Task<string> CreateNetworkAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var used = (await docker.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken))
                .SelectMany(n => n.IPAM?.Config ?? [])
                .Select(c => IPNetwork.TryParse(c.Subnet, out var subnet) ? subnet : (IPNetwork?)null)
                .OfType<IPNetwork>()
                .ToList();
            var offset = RandomNumberGenerator.GetInt32(8 * 256);
            var free = Enumerable.Range(0, 8 * 256)
                .Select(i => (i + offset) % (8 * 256))
                .Select(i => IPNetwork.Parse($"10.{200 + (i / 256)}.{i % 256}.0/24"))
                .FirstOrDefault(candidate => !used.Any(u => u.Contains(candidate.BaseAddress) || candidate.Contains(u.BaseAddress)));
            if (free == default)
            {
                throw new BenchException("No /24 in 10.200.0.0/13 is free for the bench network.");
            }
            try
            {
                var created = await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
                {
                    Name = $"{runId}-direct",
                    Driver = "bridge",
                    Internal = false,
                    EnableIPv6 = false,
                    IPAM = new IPAM { Driver = "default", Config = [new IPAMConfig { Subnet = free.ToString(), Gateway = Host(free, 1).ToString() }] },
                    Labels = new Dictionary<string, string> { [RunLabel] = runId },
                }, cancellationToken);
                _networkId = created.ID;
                _subnet = free;
                return free.ToString();
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Forbidden && attempt < 8)
            {
                // Another process took the subnet between our look and our create: look again.
            }
        }
    }

    /// <summary>One container through the whole cycle; <paramref name="index"/> picks its name and address.</summary>
    public async Task<Cycle> CycleAsync(int index, CancellationToken cancellationToken)
    {
        var name = $"d{index:000}";
        var beganAt = DateTime.UtcNow;
        var start = Stopwatch.GetTimestamp();
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{runId}.{name}",
            Hostname = name,
            Image = image,
            Env = [],
            Labels = new Dictionary<string, string> { [RunLabel] = runId, [$"{RunLabel}.container"] = Guid.NewGuid().ToString() },
            HostConfig = new HostConfig
            {
                NetworkMode = _networkId,
                CpusetCpus = "",
                CpusetMems = "",
                Memory = 0,
                Binds = [],
                CapAdd = [],
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings>
                {
                    // .2 to .251, one container at a time: an address is free again once its container is removed.
                    [_networkId] = new() { IPAMConfig = new EndpointIPAMConfig { IPv4Address = Host(_subnet, 2 + (index % 250)).ToString(), IPv6Address = "" } },
                },
            },
        }, cancellationToken);
        var createdAt = Stopwatch.GetTimestamp();
        await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
        var runningAt = Stopwatch.GetTimestamp();
        await docker.Containers.StopContainerAsync(created.ID, new ContainerStopParameters { WaitBeforeKillSeconds = stopTimeoutSeconds }, cancellationToken);
        var stoppedAt = Stopwatch.GetTimestamp();
        await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
        var removedAt = Stopwatch.GetTimestamp();
        return new Cycle(name, beganAt, DateTime.UtcNow,
            Ms(start, createdAt), Ms(createdAt, runningAt), Ms(runningAt, stoppedAt), Ms(stoppedAt, removedAt), Ms(start, removedAt));
    }

    /// <summary>The median time of <paramref name="count"/> inspects of a running container (one made for this).</summary>
    public async Task<double> ProbeInspectAsync(int count, CancellationToken cancellationToken)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{runId}.probe",
            Image = image,
            Labels = new Dictionary<string, string> { [RunLabel] = runId },
            HostConfig = new HostConfig { NetworkMode = _networkId },
        }, cancellationToken);
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            await docker.Containers.InspectContainerAsync(created.ID, cancellationToken);
            var times = new List<double>();
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await docker.Containers.InspectContainerAsync(created.ID, cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return Stats.Median(times);
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    /// <summary>Removes the bench network (its containers must be gone).</summary>
    public async Task DeleteNetworkAsync()
    {
        if (_networkId.Length > 0)
        {
            await docker.Networks.DeleteNetworkAsync(_networkId, CancellationToken.None);
            _networkId = "";
        }
    }

    internal static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private static IPAddress Host(IPNetwork subnet, int number)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        bytes[3] = (byte)number;
        return new IPAddress(bytes);
    }
}
