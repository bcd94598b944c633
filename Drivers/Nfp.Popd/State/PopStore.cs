using System.Net;
using Dapper;
using Nfp.Pop.Protocol;
using Nfp.Popd.Api;
using Nfp.Popd.Networking;
using Npgsql;

namespace Nfp.Popd.State;

/// <summary>
/// popd's state in PostgreSQL (schema <c>pop</c>). Address allocation locks the network's row, so
/// concurrent Creates on one network take turns and never hand out one address twice; the unique
/// constraints on pop.network_attachments hold that even against a bug here.
/// </summary>
internal sealed class PopStore(NpgsqlDataSource dataSource)
{
    private const string NetworkColumns =
        "id, name, docker_network_id, external, ipv4_cidr::text AS ipv4_cidr, host(ipv4_gateway) AS ipv4_gateway, " +
        "ipv6_cidr::text AS ipv6_cidr, host(ipv6_gateway) AS ipv6_gateway";

    private const string ContainerColumns =
        "id, name, image_id, flavour_id, status, extended_status, docker_id, metadata::text AS metadata, options, created_at, started_at, secrets::text AS secrets";

    private const string AttachmentSelect =
        "SELECT a.container_id, a.network_id, n.name AS network_name, n.docker_network_id, a.endpoint_id, " +
        "host(a.ipv4_address) AS ipv4_address, host(a.ipv6_address) AS ipv6_address, a.mac, " +
        "n.ipv4_cidr::text AS ipv4_cidr, host(n.ipv4_gateway) AS ipv4_gateway, n.ipv6_cidr::text AS ipv6_cidr, host(n.ipv6_gateway) AS ipv6_gateway, " +
        "array_to_string(ARRAY(SELECT host(v) FROM unnest(a.virtual_ipv4) AS v), ' ') AS virtual_ipv4 " +
        "FROM pop.network_attachments a JOIN pop.networks n ON n.id = a.network_id";

    public async Task<NetworkRow?> FindNetworkAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<NetworkRow>(Command(
            $"SELECT {NetworkColumns} FROM pop.networks WHERE name = @name", new { name }, null, cancellationToken));
    }

    /// <summary>All networks, or those with this id or name.</summary>
    public async Task<IReadOnlyList<NetworkRow>> ListNetworksAsync(string? id, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<NetworkRow>(Command(
            $"SELECT {NetworkColumns} FROM pop.networks WHERE (@id::uuid IS NULL OR id = @id::uuid) AND (@name::text IS NULL OR name = @name) ORDER BY name",
            new { id = ParseId(id), name }, null, cancellationToken))).ToList();
    }

    /// <summary>Records a network; <paramref name="reserved"/> are addresses others hold on it, never to be handed out.</summary>
    public async Task InsertNetworkAsync(NetworkRow network, IReadOnlyList<string> reserved, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO pop.networks (id, name, docker_network_id, external, ipv4_cidr, ipv4_gateway, ipv6_cidr, ipv6_gateway, reserved)
            VALUES (@Id, @Name, @DockerNetworkId, @External, @Ipv4Cidr::cidr, @Ipv4Gateway::inet, @Ipv6Cidr::cidr, @Ipv6Gateway::inet, @reserved::inet[])
            """,
            new { network.Id, network.Name, network.DockerNetworkId, network.External, network.Ipv4Cidr, network.Ipv4Gateway,
                network.Ipv6Cidr, network.Ipv6Gateway, reserved = reserved.ToArray() }, null, cancellationToken));
    }

    /// <summary>Points the network's row at the Docker network that now carries it.</summary>
    public async Task SetDockerNetworkIdAsync(Guid id, string dockerNetworkId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "UPDATE pop.networks SET docker_network_id = @dockerNetworkId WHERE id = @id", new { id, dockerNetworkId }, null, cancellationToken));
    }

    /// <summary>
    /// Deletes the network's row unless a container holds an address on it (false then), and keeps the
    /// deletion only if <paramref name="removeFromDocker"/> succeeds: meanwhile the row stays locked, so no
    /// Create or Plug takes an address on a network on its way out, and a refusal of Docker's leaves the
    /// network recorded as it was.
    /// </summary>
    public async Task<bool> TryDeleteNetworkAsync(Guid id, Func<Task> removeFromDocker, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(Command("DELETE FROM pop.networks WHERE id = @id", new { id }, transaction, cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return false;
        }
        await removeFromDocker();
        // Gone from Docker: the record goes too, whether or not the caller still waits.
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    /// <summary>All containers, or the one with this id or name.</summary>
    public async Task<IReadOnlyList<ContainerRow>> ListContainersAsync(string? id, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ContainerRow>(Command(
            $"SELECT {ContainerColumns} FROM pop.containers WHERE (@id::uuid IS NULL OR id = @id::uuid) AND (@name::text IS NULL OR name = @name) ORDER BY created_at, id",
            new { id = ParseId(id), name }, null, cancellationToken))).ToList();
    }

    public async Task<ContainerRow?> FindContainerAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListContainersAsync(id.ToString(), null, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<AttachmentRow>> AttachmentsAsync(IReadOnlyCollection<Guid> containerIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<AttachmentRow>(Command(
            $"{AttachmentSelect} WHERE a.container_id = ANY(@ids) ORDER BY n.name", new { ids = containerIds.ToArray() }, null, cancellationToken))).ToList();
    }

    /// <summary>
    /// Stores a new CREATED container with an address on every requested network, all or nothing.
    /// </summary>
    /// <exception cref="Grpc.Core.RpcException">
    /// NOT_FOUND for an unknown network, ALREADY_EXISTS for a taken name or address, INVALID_ARGUMENT for
    /// an address outside its subnet, RESOURCE_EXHAUSTED when a network has no free address.
    /// </exception>
    public async Task CreateContainerAsync(ContainerRow container, IReadOnlyList<EndpointRequest> endpoints, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(Command(
                """
                INSERT INTO pop.containers (id, name, image_id, flavour_id, status, extended_status, metadata, options)
                VALUES (@Id, @Name, @ImageId, @FlavourId, @Status, @ExtendedStatus, @Metadata::jsonb, @Options)
                """, container, transaction, cancellationToken));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw PopErrors.AlreadyExists($"A container named '{container.Name}' already exists.");
        }
        // Networks are locked in one order (by name), so that two Creates cannot wait on each other.
        foreach (var endpoint in endpoints.OrderBy(e => e.NetworkName, StringComparer.Ordinal))
        {
            await AttachAsync(connection, transaction, container.Id, endpoint, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Gives the container an address on one more network (see <see cref="CreateContainerAsync"/> for the errors).</summary>
    public async Task<AttachmentRow> AttachAsync(Guid containerId, EndpointRequest endpoint, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var networkId = await AttachAsync(connection, transaction, containerId, endpoint, cancellationToken);
        // Read back on this connection: a second one, taken from the pool while this one is held, stalled a
        // burst of plugs once the pool was used up, and failed them with their addresses already recorded.
        var attachment = await connection.QuerySingleAsync<AttachmentRow>(Command(
            $"{AttachmentSelect} WHERE a.container_id = @containerId AND a.network_id = @networkId",
            new { containerId, networkId }, transaction, cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return attachment;
    }

    public async Task SetEndpointAsync(Guid containerId, Guid networkId, string endpointId, string mac, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "UPDATE pop.network_attachments SET endpoint_id = @endpointId, mac = @mac WHERE container_id = @containerId AND network_id = @networkId",
            new { containerId, networkId, endpointId, mac }, null, cancellationToken));
    }

    /// <summary>Gives back the container's addresses on one network, or on all of them.</summary>
    public async Task ReleaseAsync(Guid containerId, Guid? networkId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "DELETE FROM pop.network_attachments WHERE container_id = @containerId AND (@networkId::uuid IS NULL OR network_id = @networkId)",
            new { containerId, networkId }, null, cancellationToken));
    }

    public async Task SetStateAsync(
        Guid id, string status, string extendedStatus, string? dockerId, DateTime? startedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            """
            UPDATE pop.containers SET status = @status, extended_status = @extendedStatus, docker_id = @dockerId,
                started_at = coalesce(@startedAt, started_at)
            WHERE id = @id
            """, new { id, status, extendedStatus, dockerId, startedAt }, null, cancellationToken));
    }

    /// <summary>The container's metadata and its secret metadata (each value encrypted), both JSON objects.</summary>
    public async Task SetMetadataAsync(Guid id, string metadataJson, string secretsJson, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command(
            "UPDATE pop.containers SET metadata = @metadataJson::jsonb, secrets = @secretsJson::jsonb WHERE id = @id",
            new { id, metadataJson, secretsJson }, null, cancellationToken));
    }

    /// <summary>Removes the container and, with it, every address it held.</summary>
    public async Task DeleteContainerAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(Command("DELETE FROM pop.containers WHERE id = @id", new { id }, null, cancellationToken));
    }

    /// <summary>Records the container's address on the network the endpoint names; returns that network's id.</summary>
    private static async Task<Guid> AttachAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid containerId, EndpointRequest endpoint, CancellationToken cancellationToken)
    {
        var network = await connection.QuerySingleOrDefaultAsync<NetworkRow>(Command(
            $"SELECT {NetworkColumns} FROM pop.networks WHERE name = @name FOR UPDATE", new { name = endpoint.NetworkName }, transaction, cancellationToken))
            ?? throw PopErrors.NotFound($"No network named '{endpoint.NetworkName}'.");
        // Every address held on the network, of both families: by its containers, and by others (reserved);
        // and the virtual addresses its endpoints may hold, which no endpoint gets as its own.
        var held = (await connection.QueryAsync<(string Address, bool Virtual)>(Command(
            """
            SELECT host(ipv4_address), false FROM pop.network_attachments WHERE network_id = @id
            UNION ALL
            SELECT host(ipv6_address), false FROM pop.network_attachments WHERE network_id = @id AND ipv6_address IS NOT NULL
            UNION ALL
            SELECT host(address), false FROM pop.networks, unnest(reserved) AS address WHERE id = @id
            UNION ALL
            SELECT host(address), true FROM pop.network_attachments, unnest(virtual_ipv4) AS address WHERE network_id = @id
            """,
            new { id = network.Id }, transaction, cancellationToken))).Select(h => (Address: IPAddress.Parse(h.Address), h.Virtual)).ToList();
        var taken = held.Select(h => h.Address).ToHashSet();

        var (subnet, gateway) = (IPNetwork.Parse(network.Ipv4Cidr), IPAddress.Parse(network.Ipv4Gateway));
        var ipv4 = Choose(network.Name, subnet, gateway, endpoint.Ipv4, taken);
        taken.Add(ipv4);
        var virtuals = new List<IPAddress>();
        foreach (var wanted in endpoint.VirtualIpv4)
        {
            // Another endpoint's virtual address may be named again (the pair's other member); anyone's own may not.
            var shared = wanted is not null && held.Contains((wanted, true)) && !held.Contains((wanted, false)) && !wanted.Equals(ipv4);
            var chosen = shared ? wanted! : Choose(network.Name, subnet, gateway, wanted, taken);
            taken.Add(chosen);
            virtuals.Add(chosen);
        }
        IPAddress? ipv6 = null;
        if (network.Ipv6Cidr is not null)
        {
            ipv6 = Choose(network.Name, IPNetwork.Parse(network.Ipv6Cidr), IPAddress.Parse(network.Ipv6Gateway!), endpoint.Ipv6, taken);
        }
        else if (endpoint.Ipv6 is not null)
        {
            throw PopErrors.InvalidArgument($"Network '{network.Name}' has no IPv6 subnet for {endpoint.Ipv6}.");
        }

        await connection.ExecuteAsync(Command(
            """
            INSERT INTO pop.network_attachments (container_id, network_id, ipv4_address, ipv6_address, virtual_ipv4)
            VALUES (@containerId, @networkId, @ipv4::inet, @ipv6::inet, @virtuals::inet[])
            """, new { containerId, networkId = network.Id, ipv4 = ipv4.ToString(), ipv6 = ipv6?.ToString(),
                virtuals = virtuals.Select(v => v.ToString()).ToArray() }, transaction, cancellationToken));
        return network.Id;
    }

    /// <summary>The requested address if it is usable and free, else the next free one.</summary>
    private static IPAddress Choose(string networkName, IPNetwork subnet, IPAddress gateway, IPAddress? requested, HashSet<IPAddress> takenSet)
    {
        if (requested is not null)
        {
            if (PopAddresses.Unusable(subnet, gateway, requested) is { } why)
            {
                throw PopErrors.InvalidArgument($"Network '{networkName}': {why}.");
            }
            return takenSet.Contains(requested)
                ? throw PopErrors.AlreadyExists($"{requested} is already taken on network '{networkName}'.")
                : requested;
        }
        return AddressAllocator.NextFree(subnet, gateway, takenSet)
            ?? throw PopErrors.ResourceExhausted($"Network '{networkName}' ({subnet}) has no free address.");
    }

    private static Guid? ParseId(string? id) => id is null ? null : Guid.TryParse(id, out var parsed) ? parsed : Guid.Empty;

    private static CommandDefinition Command(string sql, object parameters, NpgsqlTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);
}
