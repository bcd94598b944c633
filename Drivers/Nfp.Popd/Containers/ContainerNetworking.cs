using Nfp.Pop.Protocol;
using Nfp.Popd.Api;
using Nfp.Popd.Engine;
using Nfp.Popd.State;

namespace Nfp.Popd.Containers;

/// <summary>
/// Plugs a RUNNING container into one more network, or unplugs it (docker network connect/disconnect).
/// A plug ends in one of two ways: the endpoint recorded with the id Docker gave it, or undone (Docker
/// disconnected, the address released). An endpoint without an id is what a plug cut short left (popd
/// killed mid-plug): under the container's lock no plug is under way, so the next Plug of that network
/// undoes it and plugs as asked.
/// </summary>
internal sealed class ContainerNetworking(PopStore store, DockerEngine engine, ContainerLocks locks, ContainerLifecycle lifecycle)
{
    public async Task<Container> PlugAsync(PlugRequest request, CancellationToken cancellationToken)
    {
        var endpoint = ContainerConfigCheck.Endpoint(request.Network, request.Endpoint);
        var row = await lifecycle.FindAsync(request.Filter, cancellationToken);
        using (await locks.AcquireAsync(row.Id, cancellationToken))
        {
            row = await lifecycle.RequireStatusAsync(row.Id, PopContainerStatus.Running, "Plug", cancellationToken);
            var existing = (await store.AttachmentsAsync([row.Id], cancellationToken)).SingleOrDefault(a => a.NetworkName == request.Network);
            if (existing is { EndpointId.Length: > 0 })
            {
                throw PopErrors.AlreadyExists($"'{row.Name}' is already on network '{request.Network}'.");
            }
            // From here the plug runs to its end even if the caller goes away (a manager killed or out of time
            // mid-call): cut short, it would leave an address Docker never connected, or connected but never named.
            if (existing is not null)
            {
                await DisconnectAsync(row, existing);
            }
            var attachment = await store.AttachAsync(row.Id, endpoint, CancellationToken.None);
            var plugged = false;
            try
            {
                var (endpointId, mac) = await engine.ConnectAsync(attachment.DockerNetworkId, row.DockerId!,
                    new DockerEndpoint(attachment.DockerNetworkId, attachment.Ipv4Address, attachment.Ipv6Address), CancellationToken.None);
                if (endpointId.Length == 0)
                {
                    // Docker connects a container that is not running without making its endpoint.
                    throw PopErrors.FailedPrecondition($"Docker made no endpoint for '{row.Name}' on '{request.Network}': is it still running?");
                }
                await store.SetEndpointAsync(row.Id, attachment.NetworkId, endpointId, mac, CancellationToken.None);
                plugged = true;
            }
            catch (Exception e) when (e is Docker.DotNet.DockerApiException or HttpRequestException)
            {
                throw PopErrors.FailedPrecondition($"Docker could not plug '{row.Name}' into '{request.Network}': {e.Message}");
            }
            finally
            {
                // Whatever stopped it (Docker's refusal, a Docker call timed out, the database), the plug is undone.
                if (!plugged)
                {
                    await DisconnectAsync(row, attachment);
                }
            }
        }
        return await lifecycle.ChangedAsync(row.Id);
    }

    public async Task<Container> UnplugAsync(UnplugRequest request, CancellationToken cancellationToken)
    {
        var row = await lifecycle.FindAsync(request.Filter, cancellationToken);
        using (await locks.AcquireAsync(row.Id, cancellationToken))
        {
            row = await lifecycle.RequireStatusAsync(row.Id, PopContainerStatus.Running, "Unplug", cancellationToken);
            var attachment = (await store.AttachmentsAsync([row.Id], cancellationToken)).SingleOrDefault(a => a.NetworkName == request.Network)
                ?? throw PopErrors.NotFound($"'{row.Name}' is not on network '{request.Network}'.");
            await DisconnectAsync(row, attachment);
        }
        return await lifecycle.ChangedAsync(row.Id);
    }

    /// <summary>Takes the container off the network in Docker (if it is on it) and releases its address there.</summary>
    private async Task DisconnectAsync(ContainerRow row, AttachmentRow attachment)
    {
        await engine.DisconnectAsync(attachment.DockerNetworkId, row.DockerId!, CancellationToken.None);
        await store.ReleaseAsync(row.Id, attachment.NetworkId, CancellationToken.None);
    }
}
