namespace Nfp.Popd.Engine;

/// <summary>
/// What popd asks Docker to run for a Pop container: image, addresses, environment, resources, and the
/// secrets written to /run/secrets/KEY before it starts.
/// </summary>
internal sealed record DockerContainerSpec(
    string Name,
    string Hostname,
    string Image,
    IReadOnlyList<DockerEndpoint> Endpoints,
    IReadOnlyDictionary<string, string> Environment,
    IDictionary<string, string> Labels,
    string CpusetCpus,
    string CpusetMems,
    long MemoryBytes,
    IList<string> Binds,
    IList<string> CapAdd,
    IReadOnlyDictionary<string, string> Secrets);

/// <summary>One network the container is on, at a fixed address.</summary>
internal sealed record DockerEndpoint(string DockerNetworkId, string Ipv4Address, string? Ipv6Address);
