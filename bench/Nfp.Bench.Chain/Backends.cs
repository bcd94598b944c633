using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench.Chain;

/// <summary>
/// The load balancers' members: nfp/web containers (busybox httpd on port 80) on the provider network, at
/// its top addresses, made with Docker directly as a tenant's servers would be, and labelled for the stack's clean-up.
/// </summary>
internal static class Backends
{
    private const string Image = "nfp/web:latest";

    /// <summary>Starts <paramref name="count"/> backends; returns their addresses.</summary>
    public static async Task<IReadOnlyList<string>> StartAsync(
        DockerClient docker, string runId, (string Name, string Cidr) provider, int count, CancellationToken cancellationToken)
    {
        var addresses = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var address = Addresses.Backend(provider.Cidr, i);
            var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = $"{runId}-web{i}",
                Hostname = $"web{i}",
                Image = Image,
                Labels = new Dictionary<string, string> { [BenchStack.RunLabel] = runId },
                HostConfig = new HostConfig { NetworkMode = provider.Name },
                NetworkingConfig = new NetworkingConfig
                {
                    EndpointsConfig = new Dictionary<string, EndpointSettings> { [provider.Name] = BenchDocker.At(address) },
                },
            }, cancellationToken);
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            addresses.Add(address);
        }
        return addresses;
    }
}
