using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Nfp.Pop.Protocol;
using Nfp.Popd.Api;
using Nfp.Popd.Configuration;
using Nfp.Popd.Engine;
using Nfp.Popd.State;
using Nfp.Schema.Validation;

namespace Nfp.Popd.Networking;

/// <summary>
/// The networks popd hands addresses on: the default one, found or made at start, and those created
/// through CreateNetwork. Each is a Docker bridge network recorded in pop.networks.
/// </summary>
internal sealed partial class PopNetworks(PopStore store, DockerEngine engine, IOptions<PopdOptions> options, ILogger<PopNetworks> logger)
{
    /// <summary>Where a default network is made when Docker has none by that name: a free /16 in here.</summary>
    private static readonly IPNetwork DefaultRange = IPNetwork.Parse("172.16.0.0/12");

    public async Task<IReadOnlyList<Network>> ListAsync(Filter filter, CancellationToken cancellationToken) =>
        (await store.ListNetworksAsync(NullIfEmpty(filter.Id), NullIfEmpty(filter.Name), cancellationToken)).Select(ToMessage).ToList();

    /// <summary>
    /// Makes each network popd recorded exist in Docker again: one removed behind popd's back (a
    /// <c>docker network rm</c> while popd was down, a Docker reinstalled) is created anew with its recorded
    /// subnets and gateways, so that the addresses popd hands out on it are usable. A Docker network of
    /// the same name that popd did not record stops the start, named (Docker refuses the create).
    /// </summary>
    public async Task RestoreNetworksAsync(CancellationToken cancellationToken)
    {
        var present = (await engine.ListNetworksAsync(cancellationToken)).Select(n => n.ID).ToHashSet();
        foreach (var row in await store.ListNetworksAsync(null, null, cancellationToken))
        {
            if (present.Contains(row.DockerNetworkId))
            {
                continue;
            }
            var dockerId = await engine.CreateNetworkAsync(row.Name, row.Ipv4Cidr, row.Ipv4Gateway, row.Ipv6Cidr, row.Ipv6Gateway,
                row.External, options.Value.PopName, cancellationToken);
            await store.SetDockerNetworkIdAsync(row.Id, dockerId, cancellationToken);
            LogRestored(row.Name, row.Ipv4Cidr);
        }
    }

    /// <summary>
    /// Finds the default network in pop.networks, else adopts the Docker network of that name (its
    /// first IPv4 pool), else creates it on <see cref="PopdOptions.DefaultNetworkSubnet"/> or, when that is
    /// not set, on the first /16 of 172.16.0.0/12 that no Docker network uses.
    /// </summary>
    public async Task EnsureDefaultNetworkAsync(CancellationToken cancellationToken)
    {
        var name = options.Value.DefaultNetwork;
        if (await store.FindNetworkAsync(name, cancellationToken) is not null)
        {
            return;
        }
        var dockerNetworks = await engine.ListNetworksAsync(cancellationToken);
        var existing = dockerNetworks.FirstOrDefault(n => n.Name == name);
        if (existing is not null)
        {
            var pool = existing.IPAM?.Config?.FirstOrDefault(c => IPNetwork.TryParse(c.Subnet, out var subnet)
                && subnet.BaseAddress.AddressFamily == AddressFamily.InterNetwork)
                ?? throw new InvalidOperationException($"Docker network '{name}' has no IPv4 subnet popd could allocate on.");
            var gateway = string.IsNullOrEmpty(pool.Gateway) ? PopAddresses.FirstHost(IPNetwork.Parse(pool.Subnet)).ToString() : pool.Gateway;
            // Containers already on it, which popd does not manage, keep their addresses.
            var inspected = await engine.InspectNetworkAsync(existing.ID, cancellationToken);
            var reserved = (inspected.Containers?.Values ?? []).SelectMany(c => new[] { c.IPv4Address, c.IPv6Address })
                .Where(address => !string.IsNullOrEmpty(address)).Select(address => address.Split('/')[0]).ToList();
            await store.InsertNetworkAsync(new NetworkRow(Guid.NewGuid(), name, existing.ID, !existing.Internal,
                pool.Subnet, gateway, null, null), reserved, cancellationToken);
            return;
        }
        if (options.Value.DefaultNetworkSubnet.Length > 0)
        {
            await CreateAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = options.Value.DefaultNetworkSubnet }, External = true }, cancellationToken);
            return;
        }
        // Another process may take the /16 we chose between our look and our create: then look again.
        for (var attempt = 0; ; attempt++)
        {
            var used = dockerNetworks.SelectMany(n => n.IPAM?.Config ?? [])
                .Select(c => IPNetwork.TryParse(c.Subnet, out var subnet) ? subnet : (IPNetwork?)null)
                .OfType<IPNetwork>().ToList();
            var free = Enumerable.Range(0, 16).Select(i => IPNetwork.Parse($"172.{16 + i}.0.0/16"))
                .FirstOrDefault(candidate => !used.Any(u => Overlaps(u, candidate)));
            if (free == default)
            {
                throw new InvalidOperationException($"No /16 in {DefaultRange} is free for the default network '{name}'.");
            }
            try
            {
                await CreateAsync(new NetworkConfig { Name = name, Ipv4 = new Subnet { Cidr = free.ToString() }, External = true }, cancellationToken);
                return;
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.AlreadyExists && attempt < 16)
            {
                // CreateAsync reports Docker's "pool overlaps" as ALREADY_EXISTS.
                dockerNetworks = await engine.ListNetworksAsync(cancellationToken);
            }
        }
    }

    /// <summary>Creates a Docker bridge network with the subnets asked for and records it.</summary>
    public async Task<Network> CreateAsync(NetworkConfig config, CancellationToken cancellationToken)
    {
        PopNames.Require("name", config.Name);
        var (ipv4, ipv4Gateway) = Subnet("ipv4", config.Ipv4, AddressFamily.InterNetwork)
            ?? throw PopErrors.InvalidArgument("ipv4.cidr is required.");
        var ipv6 = Subnet("ipv6", config.Ipv6, AddressFamily.InterNetworkV6);
        if (await store.FindNetworkAsync(config.Name, cancellationToken) is not null)
        {
            throw PopErrors.AlreadyExists($"A network named '{config.Name}' already exists.");
        }
        string dockerId;
        try
        {
            dockerId = await engine.CreateNetworkAsync(config.Name, ipv4.ToString(), ipv4Gateway.ToString(),
                ipv6?.Cidr.ToString(), ipv6?.Gateway.ToString(), config.External, options.Value.PopName, cancellationToken);
        }
        catch (Docker.DotNet.DockerApiException e) when (e.ResponseBody?.Contains("overlaps", StringComparison.OrdinalIgnoreCase) == true)
        {
            // The addresses are taken by another network on this host (popd's or not).
            throw PopErrors.AlreadyExists($"The subnets of '{config.Name}' overlap a network that already exists.");
        }
        var row = new NetworkRow(Guid.NewGuid(), config.Name, dockerId, config.External, ipv4.ToString(), ipv4Gateway.ToString(),
            ipv6?.Cidr.ToString(), ipv6?.Gateway.ToString());
        await store.InsertNetworkAsync(row, [], cancellationToken);
        return ToMessage(row);
    }

    /// <summary>Deletes a network no container holds an address on, in Docker and in pop.networks.</summary>
    public async Task DeleteAsync(Filter filter, CancellationToken cancellationToken)
    {
        if (filter.OptionsCase == Filter.OptionsOneofCase.None)
        {
            throw PopErrors.InvalidArgument("filter must name a network by id or name.");
        }
        var row = (await store.ListNetworksAsync(NullIfEmpty(filter.Id), NullIfEmpty(filter.Name), cancellationToken)).SingleOrDefault()
            ?? throw PopErrors.NotFound("No such network.");
        if (row.Name == options.Value.DefaultNetwork)
        {
            throw PopErrors.FailedPrecondition($"'{row.Name}' is the default network.");
        }
        if (!await store.TryDeleteNetworkAsync(row.Id, () => RemoveFromDockerAsync(row), cancellationToken))
        {
            throw PopErrors.FailedPrecondition($"Containers still hold addresses on network '{row.Name}'.");
        }
    }

    /// <summary>
    /// <c>docker network rm</c>, run to its end once begun. Docker refuses while a container is attached that
    /// popd holds no address for (one made outside popd, or an endpoint a cut-short request left): named.
    /// </summary>
    private async Task RemoveFromDockerAsync(NetworkRow row)
    {
        try
        {
            await engine.DeleteNetworkAsync(row.DockerNetworkId, CancellationToken.None);
        }
        catch (Docker.DotNet.DockerApiException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            var attached = (await engine.InspectNetworkAsync(row.DockerNetworkId, CancellationToken.None)).Containers?.Values
                .Select(endpoint => endpoint.Name).Order(StringComparer.Ordinal).ToList() ?? [];
            throw PopErrors.FailedPrecondition(
                $"Network '{row.Name}' still has containers attached in Docker: {(attached.Count > 0 ? string.Join(", ", attached) : "none listed")}.");
        }
    }

    private static (IPNetwork Cidr, IPAddress Gateway)? Subnet(string field, Subnet? subnet, AddressFamily family)
    {
        if (subnet is null || subnet.Cidr.Length == 0)
        {
            return null;
        }
        if (!NetworkText.IsCidr(subnet.Cidr) || IPNetwork.Parse(subnet.Cidr) is var cidr && cidr.BaseAddress.AddressFamily != family)
        {
            throw PopErrors.InvalidArgument($"{field}.cidr '{subnet.Cidr}' is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} network like 10.0.0.0/24.");
        }
        var gateway = subnet.Gateway.Length == 0 ? PopAddresses.FirstHost(cidr)
            : NetworkText.IsAddress(subnet.Gateway) ? IPAddress.Parse(subnet.Gateway)
            : throw PopErrors.InvalidArgument($"{field}.gateway '{subnet.Gateway}' is not an address.");
        if (PopAddresses.Unusable(cidr, IPAddress.None, gateway) is { } why)
        {
            throw PopErrors.InvalidArgument($"{field}.gateway: {why}.");
        }
        return (cidr, gateway);
    }

    private static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static Network ToMessage(NetworkRow row)
    {
        var network = new Network { Id = row.Id.ToString(), Name = row.Name, External = row.External };
        network.Subnets.Add(new Subnet { Cidr = row.Ipv4Cidr, Gateway = row.Ipv4Gateway });
        if (row.Ipv6Cidr is not null)
        {
            network.Subnets.Add(new Subnet { Cidr = row.Ipv6Cidr, Gateway = row.Ipv6Gateway });
        }
        return network;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Network {Name} ({Cidr}) was gone from Docker; made again")]
    private partial void LogRestored(string name, string cidr);
}
