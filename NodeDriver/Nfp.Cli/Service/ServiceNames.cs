using Nfp.Cli.Manager;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.Cli.Service;

/// <summary>
/// The service a command's argument names: a UUID is its id; anything else is a name, looked up with
/// get_network_services' exact-name filter among the services that are not DELETED (a deleted service
/// keeps its name, and its id still shows it).
/// </summary>
internal static class ServiceNames
{
    /// <exception cref="ServiceNameException">No service, or several, has that name.</exception>
    public static async Task<Guid> IdAsync(ManagerClient client, string idOrName, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrName, out var id))
        {
            return id;
        }
        var named = (await ServicePages.AllAsync(client, new GetNetworkServices(Name: idOrName, Limit: Limits.PageSize), cancellationToken))
            .Where(service => service.ProvisioningStatus != ProvisioningStatus.Deleted)
            .ToList();
        return named switch
        {
            [var one] => one.Id,
            [] => throw new ServiceNameException($"not_found: no network service is named '{idOrName}'.", ServiceExitCodes.NotFound),
            _ => throw new ServiceNameException(
                $"ambiguous: {named.Count} network services are named '{idOrName}'; give one of their ids: {string.Join(", ", named.Select(s => s.Id))}.",
                ServiceExitCodes.AmbiguousName),
        };
    }
}
