using Nfp.Pop.Client;
using Nfp.Pop.Protocol;

namespace Nfp.Bench.Manager;

/// <summary>
/// The floor of a device: the Pop calls the Pop lifecycle driver makes for one service, made directly
/// — Create on the management (default) network with NET_ADMIN, Start, and a Plug into each data network.
/// </summary>
internal sealed class DirectPop(PopClient pop, string image, IReadOnlyList<string> networks)
{
    public async Task RenderAsync(string name, CancellationToken cancellationToken)
    {
        var container = await pop.CreateAsync(new ContainerConfig
        {
            Name = name,
            ImageId = image,
            Options = new ResourceOptions { CapAdd = { "NET_ADMIN" }, Labels = { ["nfp.nsd_id"] = name } },
        }, cancellationToken);
        await pop.StartAsync(new Filter { Id = container.Id }, cancellationToken);
        foreach (var network in networks)
        {
            await pop.PlugAsync(new Filter { Id = container.Id }, network, null, cancellationToken);
        }
    }

    /// <summary>Deletes every container the run made, through either path, so that each phase starts from the same engine.</summary>
    public Task DeleteAllAsync(CancellationToken cancellationToken) => PopContainers.DeleteAllAsync(pop, cancellationToken);
}
