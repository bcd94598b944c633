using Nfp.Pop.Protocol;
using Nfp.Popd.Api;
using Nfp.Popd.Engine;
using Nfp.Popd.State;

namespace Nfp.Popd.Containers;

/// <summary>Plugs a RUNNING container into one more network, or unplugs it (docker network connect/disconnect).</summary>
internal sealed class ContainerNetworking(PopStore store, DockerEngine engine, ContainerLocks locks, ContainerLifecycle lifecycle)
{
    public async Task<Container> PlugAsync(PlugRequest request, CancellationToken cancellationToken)
    {
        var endpoint = ContainerConfigCheck.Endpoint(request.Network, request.Endpoint);
        var row = await lifecycle.FindAsync(request.Filter, cancellationToken);
        using (await locks.AcquireAsync(row.Id, cancellationToken))
        {
            row = await lifecycle.RequireStatusAsync(row.Id, PopContainerStatus.Running, "Plug", cancellationToken);
            if ((await store.AttachmentsAsync([row.Id], cancellationToken)).Any(a => a.NetworkName == request.Network))
            {
                throw PopErrors.AlreadyExists($"'{row.Name}' is already on network '{request.Network}'.");
            }
            var attachment = await store.AttachAsync(row.Id, endpoint, cancellationToken);
            // Once the address is taken the plug is finished even if the caller goes away (a manager killed
            // mid-call): cancelled here, it left an attachment that Docker never connected and no one released.
            try
            {
                var (endpointId, mac) = await engine.ConnectAsync(attachment.DockerNetworkId, row.DockerId!,
                    new DockerEndpoint(attachment.DockerNetworkId, attachment.Ipv4Address, attachment.Ipv6Address), CancellationToken.None);
                await store.SetEndpointAsync(row.Id, attachment.NetworkId, endpointId, mac, CancellationToken.None);
            }
            catch (Exception e) when (e is Docker.DotNet.DockerApiException or HttpRequestException)
            {
                await store.ReleaseAsync(row.Id, attachment.NetworkId, CancellationToken.None);
                throw PopErrors.FailedPrecondition($"Docker could not plug '{row.Name}' into '{request.Network}': {e.Message}");
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
            await engine.DisconnectAsync(attachment.DockerNetworkId, row.DockerId!, cancellationToken);
            await store.ReleaseAsync(row.Id, attachment.NetworkId, CancellationToken.None);
        }
        return await lifecycle.ChangedAsync(row.Id);
    }
}
