using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Popd.Engine;

/// <summary>
/// The Docker engine as popd uses it. Each method says which Docker call it makes (its CLI twin).
/// The engine here is Docker 20.10, so the client speaks API 1.41.
/// </summary>
internal sealed class DockerEngine(DockerClient docker)
{
    /// <summary>The label every container popd starts carries: the popd it belongs to.</summary>
    public const string PopLabel = "nfp.pop";

    /// <summary>The label that names the Pop container a Docker container renders.</summary>
    public const string ContainerLabel = "nfp.pop.container";

    public static DockerClient Connect(string host) =>
        new DockerClientBuilder().WithEndpoint(new Uri(host)).WithApiVersion(new System.Version(1, 41)).Build();

    /// <summary><c>docker image inspect</c>: whether the image is on this engine (it is never pulled).</summary>
    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    /// <summary><c>docker image ls</c>.</summary>
    public Task<IList<ImagesListResponse>> ListImagesAsync(CancellationToken cancellationToken) =>
        docker.Images.ListImagesAsync(new ImagesListParameters(), cancellationToken);

    /// <summary><c>docker network ls</c>, every network with its details.</summary>
    public Task<IList<NetworkResponse>> ListNetworksAsync(CancellationToken cancellationToken) =>
        docker.Networks.ListNetworksAsync(new NetworksListParameters(), cancellationToken);

    /// <summary><c>docker network inspect</c>: with the containers on it and their addresses.</summary>
    public Task<NetworkResponse> InspectNetworkAsync(string dockerNetworkId, CancellationToken cancellationToken) =>
        docker.Networks.InspectNetworkAsync(dockerNetworkId, cancellationToken);

    /// <summary><c>docker network create --subnet --gateway [--ipv6 --subnet --gateway] [--internal]</c>.</summary>
    public async Task<string> CreateNetworkAsync(
        string name, string ipv4Cidr, string ipv4Gateway, string? ipv6Cidr, string? ipv6Gateway, bool external, string popName,
        CancellationToken cancellationToken)
    {
        var pools = new List<IPAMConfig> { new() { Subnet = ipv4Cidr, Gateway = ipv4Gateway } };
        if (ipv6Cidr is not null)
        {
            pools.Add(new IPAMConfig { Subnet = ipv6Cidr, Gateway = ipv6Gateway ?? "" });
        }
        var created = await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters
        {
            Name = name,
            Driver = "bridge",
            Internal = !external,
            EnableIPv6 = ipv6Cidr is not null,
            IPAM = new IPAM { Driver = "default", Config = pools },
            Labels = new Dictionary<string, string> { [PopLabel] = popName },
        }, cancellationToken);
        return created.ID;
    }

    /// <summary><c>docker network rm</c>; a network already gone is fine.</summary>
    public async Task DeleteNetworkAsync(string dockerNetworkId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Networks.DeleteNetworkAsync(dockerNetworkId, cancellationToken);
        }
        catch (DockerNetworkNotFoundException)
        {
        }
    }

    /// <summary>
    /// <c>docker create</c> on the first endpoint's network at its address, <c>docker cp</c> of the secrets
    /// into /run/secrets, <c>docker network connect --ip</c> for the others, then <c>docker start</c>. On any
    /// failure the half-made container is removed.
    /// </summary>
    public async Task<string> RunAsync(DockerContainerSpec spec, CancellationToken cancellationToken)
    {
        var first = spec.Endpoints[0];
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = spec.Name,
            Hostname = spec.Hostname,
            Image = spec.Image,
            Env = spec.Environment.Select(pair => $"{pair.Key}={pair.Value}").ToList(),
            Labels = spec.Labels,
            HostConfig = new HostConfig
            {
                NetworkMode = first.DockerNetworkId,
                CpusetCpus = spec.CpusetCpus,
                CpusetMems = spec.CpusetMems,
                Memory = spec.MemoryBytes,
                Binds = spec.Binds,
                CapAdd = spec.CapAdd,
            },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [first.DockerNetworkId] = Settings(first) },
            },
        }, cancellationToken);
        try
        {
            if (spec.Secrets.Count > 0)
            {
                await docker.Containers.ExtractArchiveToContainerAsync(created.ID, new CopyToContainerParameters { Path = "/" },
                    Nfp.Hosting.SecretFiles.Archive(spec.Secrets), cancellationToken);
            }
            foreach (var endpoint in spec.Endpoints.Skip(1))
            {
                await docker.Networks.ConnectNetworkAsync(endpoint.DockerNetworkId,
                    new NetworkConnectParameters { Container = created.ID, EndpointConfig = Settings(endpoint) }, cancellationToken);
            }
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            return created.ID;
        }
        catch
        {
            await RemoveAsync(created.ID, CancellationToken.None);
            throw;
        }
    }

    /// <summary><c>docker network connect --ip [--ip6]</c>; returns the endpoint id and MAC Docker gave it.</summary>
    public async Task<(string EndpointId, string Mac)> ConnectAsync(string dockerNetworkId, string dockerId, DockerEndpoint endpoint, CancellationToken cancellationToken)
    {
        await docker.Networks.ConnectNetworkAsync(dockerNetworkId,
            new NetworkConnectParameters { Container = dockerId, EndpointConfig = Settings(endpoint) }, cancellationToken);
        var settings = (await InspectAsync(dockerId, cancellationToken))?.NetworkSettings?.Networks?.Values
            .FirstOrDefault(n => n.NetworkID == dockerNetworkId);
        return (settings?.EndpointID ?? "", settings?.MacAddress ?? "");
    }

    /// <summary>
    /// <c>docker network disconnect -f</c> when the container is on the network: Docker refuses a container
    /// that is not (500, "is not connected"), and one already gone, or its network, needs nothing either.
    /// </summary>
    public async Task DisconnectAsync(string dockerNetworkId, string dockerId, CancellationToken cancellationToken)
    {
        var inspected = await InspectAsync(dockerId, cancellationToken);
        if (inspected?.NetworkSettings?.Networks?.Values.Any(n => n.NetworkID == dockerNetworkId) != true)
        {
            return;
        }
        try
        {
            await docker.Networks.DisconnectNetworkAsync(dockerNetworkId,
                new NetworkDisconnectParameters { Container = dockerId, Force = true }, cancellationToken);
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary><c>docker ps -a --filter label=nfp.pop=POP</c>: every Docker container of this popd.</summary>
    public Task<IList<ContainerListResponse>> ListOwnContainersAsync(string popName, CancellationToken cancellationToken) =>
        docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{PopLabel}={popName}"] = true } },
        }, cancellationToken);

    /// <summary>
    /// <c>docker events --filter type=container --filter event=die --filter label=nfp.pop=POP --since</c>:
    /// reports each death of this popd's containers (Pop container id, exit code) until cancelled.
    /// </summary>
    public Task FollowDeathsAsync(string popName, DateTimeOffset since, Func<Guid, long?, Task> died, CancellationToken cancellationToken) =>
        docker.System.MonitorEventsAsync(new ContainerEventsParameters
        {
            Since = since.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Filters = new Dictionary<string, IDictionary<string, bool>>
            {
                ["type"] = new Dictionary<string, bool> { ["container"] = true },
                ["event"] = new Dictionary<string, bool> { ["die"] = true },
                ["label"] = new Dictionary<string, bool> { [$"{PopLabel}={popName}"] = true },
            },
        }, new Progress<Message>(message =>
        {
            var attributes = message.Actor?.Attributes ?? new Dictionary<string, string>();
            if (attributes.TryGetValue(ContainerLabel, out var label) && Guid.TryParse(label, out var id))
            {
                long? exitCode = attributes.TryGetValue("exitCode", out var code) && long.TryParse(code, out var parsed) ? parsed : null;
                _ = died(id, exitCode);
            }
        }), cancellationToken);

    /// <summary><c>docker inspect</c>, or null when there is no such container.</summary>
    public async Task<ContainerInspectResponse?> InspectAsync(string dockerId, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(dockerId, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>docker stop -t</c> then <c>docker rm</c>. A zero timeout kills at once (Docker.DotNet's stop
    /// with 0 seconds would send no timeout and wait Docker's default 10 s). Returns the exit code.
    /// </summary>
    public async Task<long?> StopAndRemoveAsync(string dockerId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var seconds = (uint)Math.Max(0, Math.Floor(timeout.TotalSeconds));
            if (seconds == 0)
            {
                await docker.Containers.KillContainerAsync(dockerId, new ContainerKillParameters(), cancellationToken);
            }
            else
            {
                await docker.Containers.StopContainerAsync(dockerId, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cancellationToken);
            }
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Not running any more: there is nothing to stop, only to remove.
        }
        var exitCode = (await InspectAsync(dockerId, cancellationToken))?.State?.ExitCode;
        await RemoveAsync(dockerId, cancellationToken);
        return exitCode;
    }

    /// <summary><c>docker rm -f</c>; a container already gone is fine.</summary>
    public async Task RemoveAsync(string dockerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.RemoveContainerAsync(dockerId, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }
    }

    private static EndpointSettings Settings(DockerEndpoint endpoint) => new()
    {
        IPAMConfig = new EndpointIPAMConfig { IPv4Address = endpoint.Ipv4Address, IPv6Address = endpoint.Ipv6Address ?? "" },
    };
}
