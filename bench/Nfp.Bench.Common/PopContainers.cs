using Nfp.Pop.Client;
using Nfp.Pop.Protocol;

namespace Nfp.Bench;

/// <summary>The containers of a run's popd.</summary>
public static class PopContainers
{
    /// <summary>Deletes every container popd has: between phases, so that each starts from the same engine, and at the end.</summary>
    public static async Task DeleteAllAsync(PopClient pop, CancellationToken cancellationToken)
    {
        foreach (var container in await pop.ContainersAsync(null, cancellationToken))
        {
            await pop.DeleteAsync(new Filter { Id = container.Id }, cancellationToken);
        }
    }
}
