using Google.Protobuf;
using Microsoft.Extensions.Options;
using Nfp.Pop.Protocol;
using Nfp.Popd.Api;
using Nfp.Popd.Configuration;
using Nfp.Popd.Engine;
using Nfp.Popd.Secrets;
using Nfp.Popd.State;

namespace Nfp.Popd.Containers;

/// <summary>
/// The life of a Pop container: CREATED (addresses allocated, nothing in Docker) → RUNNING (the only
/// state with a Docker container) → STOPPING → EXITED or FAILED, and Delete from any state. Every step
/// is written to PostgreSQL before it is answered; requests on one container take turns.
/// </summary>
internal sealed partial class ContainerLifecycle(
    PopStore store, DockerEngine engine, ContainerLocks locks, ContainerEvents events, SecretMetadata secrets, IOptions<PopdOptions> options,
    ILogger<ContainerLifecycle> logger)
{
    public async Task<IReadOnlyList<Container>> ListAsync(Filter filter, CancellationToken cancellationToken)
    {
        var rows = await store.ListContainersAsync(NullIfEmpty(filter.Id), NullIfEmpty(filter.Name), cancellationToken);
        return await ToMessagesAsync(rows, cancellationToken);
    }

    /// <summary>Validates, allocates every endpoint's address and stores the container CREATED; Docker is not touched.</summary>
    public async Task<Container> CreateAsync(ContainerConfig config, CancellationToken cancellationToken)
    {
        var endpoints = ContainerConfigCheck.Endpoints(config, options.Value.DefaultNetwork);
        if (!await engine.ImageExistsAsync(config.ImageId, cancellationToken))
        {
            throw PopErrors.NotFound($"No image '{config.ImageId}' on this engine (popd never pulls).");
        }
        var row = new ContainerRow(Guid.NewGuid(), config.Name, config.ImageId, ContainerMapping.Flavour, PopContainerStatus.Created, "",
            null, "{}", (config.Options ?? new ResourceOptions()).ToByteArray(), DateTime.UtcNow, null);
        await store.CreateContainerAsync(row, endpoints, cancellationToken);
        return await ChangedAsync(row.Id);
    }

    /// <summary>
    /// Merges metadata and secret metadata into a CREATED container's; an empty value deletes its key. A
    /// secret's value is stored encrypted (<see cref="SecretMetadata"/>).
    /// </summary>
    public async Task SetMetadataAsync(NewMetadata request, CancellationToken cancellationToken)
    {
        var entries = request.Md?.Entries ?? new Google.Protobuf.Collections.MapField<string, string>();
        var secretEntries = request.SecretMd?.Entries ?? new Google.Protobuf.Collections.MapField<string, string>();
        ContainerConfigCheck.MetadataKeys(entries.Keys.Concat(secretEntries.Keys));
        var row = await FindAsync(request.Filter, cancellationToken);
        using var _ = await locks.AcquireAsync(row.Id, cancellationToken);
        row = await RequireStatusAsync(row.Id, PopContainerStatus.Created, "Metadata", cancellationToken);
        var metadata = Merge(ContainerMapping.ReadMetadata(row.Metadata), entries, (_, value) => value);
        var stored = Merge(ContainerMapping.ReadMetadata(row.Secrets), secretEntries, (key, value) => secrets.Encrypt(row.Id, key, value));
        await store.SetMetadataAsync(row.Id, System.Text.Json.JsonSerializer.Serialize(metadata), System.Text.Json.JsonSerializer.Serialize(stored),
            cancellationToken);
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string> into, IDictionary<string, string> entries, Func<string, string, string> value)
    {
        foreach (var (key, text) in entries)
        {
            if (text.Length == 0)
            {
                into.Remove(key);
            }
            else
            {
                into[key] = value(key, text);
            }
        }
        return into;
    }

    /// <summary>
    /// Creates and starts the Docker container at the allocated addresses, metadata as its environment and
    /// each secret as the file /run/secrets/KEY.
    /// </summary>
    public async Task<Container> StartAsync(Filter filter, CancellationToken cancellationToken)
    {
        var row = await FindAsync(filter, cancellationToken);
        using (await locks.AcquireAsync(row.Id, cancellationToken))
        {
            row = await RequireStatusAsync(row.Id, PopContainerStatus.Created, "Start", cancellationToken);
            var attachments = await store.AttachmentsAsync([row.Id], cancellationToken);
            // Decrypted first: a secret this popd cannot read refuses the Start and leaves the container CREATED.
            var secretFiles = ContainerMapping.ReadMetadata(row.Secrets).ToDictionary(s => s.Key, s => secrets.Decrypt(row.Id, s.Key, s.Value));
            string dockerId;
            try
            {
                dockerId = await engine.RunAsync(Spec(row, attachments, secretFiles), cancellationToken);
            }
            catch (Exception e) when (e is Docker.DotNet.DockerApiException or HttpRequestException)
            {
                LogStartFailed(row.Name, e.Message);
                await store.ReleaseAsync(row.Id, null, cancellationToken);
                await store.SetStateAsync(row.Id, PopContainerStatus.Failed, $"start failed: {e.Message}", null, null, CancellationToken.None);
                await ChangedAsync(row.Id);
                throw PopErrors.FailedPrecondition($"Container '{row.Name}' failed to start: {e.Message}");
            }
            await RecordEndpointsAsync(row.Id, dockerId, attachments, cancellationToken);
            await store.SetStateAsync(row.Id, PopContainerStatus.Running, "", dockerId, DateTime.UtcNow, CancellationToken.None);
            return await ChangedAsync(row.Id);
        }
    }

    /// <summary>
    /// Marks a RUNNING container STOPPING and answers; the Docker container is stopped (within
    /// <paramref name="timeout"/>) and removed in the background, and its addresses released.
    /// </summary>
    public async Task StopAsync(Filter filter, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var row = await FindAsync(filter, cancellationToken);
        using (await locks.AcquireAsync(row.Id, cancellationToken))
        {
            row = await RequireStatusAsync(row.Id, PopContainerStatus.Running, "Stop", cancellationToken);
            await store.SetStateAsync(row.Id, PopContainerStatus.Stopping, "", row.DockerId, null, cancellationToken);
            await ChangedAsync(row.Id);
        }
        var wait = timeout ?? TimeSpan.FromSeconds(options.Value.StopTimeoutSeconds);
        // The stop outlives the request, so it does not take the request's cancellation.
        _ = Task.Run(async () =>
        {
            try
            {
                await FinishStopAsync(row.Id, wait);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or Docker.DotNet.DockerApiException or HttpRequestException)
            {
                // The row stays STOPPING; the next start of popd finishes the stop.
                LogStopFailed(row.Name, e.Message);
            }
        }, CancellationToken.None);
    }

    /// <summary>Ends a STOPPING container: stop and remove the Docker container, release addresses, EXITED (or FAILED).</summary>
    public async Task FinishStopAsync(Guid id, TimeSpan timeout)
    {
        using var _ = await locks.AcquireAsync(id, CancellationToken.None);
        var row = await store.FindContainerAsync(id, CancellationToken.None);
        if (row is null || row.Status != PopContainerStatus.Stopping)
        {
            return;
        }
        string status = PopContainerStatus.Exited, reason;
        try
        {
            var exitCode = row.DockerId is null ? null : await engine.StopAndRemoveAsync(row.DockerId, timeout, CancellationToken.None);
            // Asked to stop, the container's exit is clean whatever its code (SIGTERM gives 143, a kill 137).
            reason = exitCode is null ? "stopped" : $"stopped (exit code {exitCode})";
        }
        catch (Exception e) when (e is Docker.DotNet.DockerApiException or HttpRequestException)
        {
            status = PopContainerStatus.Failed;
            reason = $"stop failed: {e.Message}";
        }
        await store.ReleaseAsync(id, null, CancellationToken.None);
        await store.SetStateAsync(id, status, reason, null, null, CancellationToken.None);
        await ChangedAsync(id);
    }

    /// <summary>Stops the container if needed, removes its Docker container, releases its addresses and forgets it.</summary>
    public async Task DeleteAsync(Filter filter, CancellationToken cancellationToken)
    {
        var row = await FindAsync(filter, cancellationToken);
        using var _ = await locks.AcquireAsync(row.Id, cancellationToken);
        row = await store.FindContainerAsync(row.Id, cancellationToken) ?? throw NotFound(filter);
        if (row.DockerId is not null)
        {
            await engine.StopAndRemoveAsync(row.DockerId, TimeSpan.FromSeconds(options.Value.StopTimeoutSeconds), cancellationToken);
        }
        var tombstone = await GetAsync(row.Id, cancellationToken);
        await store.DeleteContainerAsync(row.Id, cancellationToken);
        tombstone.Status = Container.Types.Status.Unavailable;
        tombstone.Endpoints.Clear();
        events.Publish(tombstone);
    }

    /// <summary>
    /// A RUNNING container's Docker container ended without popd asking (it crashed, or was killed
    /// outside popd): remove it, and record EXITED for a clean exit, else FAILED. Its addresses stay
    /// reserved until the container is deleted: whoever made it (NFP's failover) makes its replacement at
    /// the same addresses, and no other container may take them meanwhile.
    /// </summary>
    public async Task DiedAsync(Guid id, long? exitCode, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(id, cancellationToken);
        var row = await store.FindContainerAsync(id, cancellationToken);
        if (row is null || row.Status != PopContainerStatus.Running)
        {
            // Gone, or stopping on request: the Stop in progress records the end.
            return;
        }
        if (row.DockerId is not null)
        {
            await engine.RemoveAsync(row.DockerId, cancellationToken);
        }
        var (status, reason) = exitCode switch
        {
            0 => (PopContainerStatus.Exited, "exited by itself (exit code 0)"),
            null => (PopContainerStatus.Failed, "its Docker container disappeared"),
            _ => (PopContainerStatus.Failed, $"died (exit code {exitCode})"),
        };
        await store.SetStateAsync(id, status, reason, null, null, cancellationToken);
        await ChangedAsync(id);
        LogDied(row.Name, reason);
    }

    /// <summary>Publishes the container's current state to Watch streams, and returns it.</summary>
    public async Task<Container> ChangedAsync(Guid id)
    {
        var container = await GetAsync(id, CancellationToken.None);
        events.Publish(container);
        return container;
    }

    private DockerContainerSpec Spec(ContainerRow row, IReadOnlyList<AttachmentRow> attachments, IReadOnlyDictionary<string, string> secretFiles)
    {
        var resources = ResourceOptions.Parser.ParseFrom(row.Options);
        var labels = new Dictionary<string, string>(resources.Labels)
        {
            [DockerEngine.PopLabel] = options.Value.PopName,
            [DockerEngine.ContainerLabel] = row.Id.ToString(),
        };
        return new DockerContainerSpec(
            $"{options.Value.PopName}.{row.Name}",
            row.Name,
            row.ImageId,
            attachments.Select(a => new DockerEndpoint(a.DockerNetworkId, a.Ipv4Address, a.Ipv6Address)).ToList(),
            ContainerMapping.ReadMetadata(row.Metadata),
            labels,
            resources.CpusetCpus,
            resources.CpusetMems,
            resources.MemoryBytes,
            resources.Mounts.Select(m => $"{m.Source}:{m.Target}:{(m.ReadOnly ? "ro" : "rw")}").ToList(),
            resources.CapAdd.ToList(),
            secretFiles);
    }

    /// <summary>Records the endpoint ids and MAC addresses Docker gave the container on each network.</summary>
    private async Task RecordEndpointsAsync(Guid id, string dockerId, IReadOnlyList<AttachmentRow> attachments, CancellationToken cancellationToken)
    {
        var inspected = await engine.InspectAsync(dockerId, cancellationToken);
        foreach (var attachment in attachments)
        {
            var settings = inspected?.NetworkSettings?.Networks?.Values.FirstOrDefault(n => n.NetworkID == attachment.DockerNetworkId);
            if (settings is not null)
            {
                await store.SetEndpointAsync(id, attachment.NetworkId, settings.EndpointID, settings.MacAddress, cancellationToken);
            }
        }
    }

    public async Task<Container> GetAsync(Guid id, CancellationToken cancellationToken) =>
        (await ListAsync(new Filter { Id = id.ToString() }, cancellationToken)).Single();

    private async Task<IReadOnlyList<Container>> ToMessagesAsync(IReadOnlyList<ContainerRow> rows, CancellationToken cancellationToken)
    {
        var attachments = (await store.AttachmentsAsync(rows.Select(r => r.Id).ToList(), cancellationToken)).ToLookup(a => a.ContainerId);
        return rows.Select(row => ContainerMapping.ToMessage(row, attachments[row.Id])).ToList();
    }

    /// <summary>The container a filter names.</summary>
    /// <exception cref="Grpc.Core.RpcException">INVALID_ARGUMENT for an empty filter, NOT_FOUND for no such container.</exception>
    public async Task<ContainerRow> FindAsync(Filter? filter, CancellationToken cancellationToken)
    {
        if (filter is null || filter.OptionsCase == Filter.OptionsOneofCase.None)
        {
            throw PopErrors.InvalidArgument("filter must name a container by id or name.");
        }
        var rows = await store.ListContainersAsync(NullIfEmpty(filter.Id), NullIfEmpty(filter.Name), cancellationToken);
        return rows.SingleOrDefault() ?? throw NotFound(filter);
    }

    /// <summary>Re-reads the row under its lock and checks it is in <paramref name="status"/>.</summary>
    public async Task<ContainerRow> RequireStatusAsync(Guid id, string status, string request, CancellationToken cancellationToken)
    {
        var row = await store.FindContainerAsync(id, cancellationToken) ?? throw PopErrors.NotFound($"Container {id} was deleted.");
        return row.Status == status
            ? row
            : throw PopErrors.FailedPrecondition($"{request} needs the container {status.ToUpperInvariant()}; '{row.Name}' is {row.Status.ToUpperInvariant()}.");
    }

    private static Grpc.Core.RpcException NotFound(Filter filter) =>
        PopErrors.NotFound($"No container with {(filter.OptionsCase == Filter.OptionsOneofCase.Id ? $"id '{filter.Id}'" : $"name '{filter.Name}'")}.");

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Name} {Reason}")]
    private partial void LogDied(string name, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stopping container {Name} failed: {Reason}")]
    private partial void LogStopFailed(string name, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Name} failed to start: {Reason}")]
    private partial void LogStartFailed(string name, string reason);
}
