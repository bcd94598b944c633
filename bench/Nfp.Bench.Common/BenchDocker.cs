using Docker.DotNet;
using Docker.DotNet.Models;

namespace Nfp.Bench;

/// <summary>
/// Docker as the benches use it directly (a tenant's servers and hosts, the floor's devices): the local
/// engine's socket at the API version popd speaks, and an endpoint at a fixed address as popd asks for
/// every endpoint.
/// </summary>
public static class BenchDocker
{
    private const string Endpoint = "unix:///var/run/docker.sock";

    /// <summary>A client of the local engine; the caller disposes it.</summary>
    public static DockerClient Client() => new DockerClientBuilder().WithEndpoint(new Uri(Endpoint)).WithApiVersion(new System.Version(1, 41)).Build();

    /// <summary>An endpoint at a fixed address, as popd asks Docker for every endpoint.</summary>
    public static EndpointSettings At(string address) => new() { IPAMConfig = new EndpointIPAMConfig { IPv4Address = address } };
}
