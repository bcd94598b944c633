using Nfp.Cli.Manager;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Service;

/// <summary>get_network_services beyond one page.</summary>
internal static class ServicePages
{
    /// <summary>Every service <paramref name="request"/> matches from its marker on, following each page's next_marker to the last.</summary>
    public static async Task<IReadOnlyList<NetworkService>> AllAsync(ManagerClient client, GetNetworkServices request, CancellationToken cancellationToken)
    {
        var services = new List<NetworkService>();
        Guid? marker = request.Marker;
        do
        {
            var page = await client.ListAsync(request with { Marker = marker }, cancellationToken);
            services.AddRange(page.NetworkServices);
            marker = page.NextMarker;
        }
        while (marker is not null);
        return services;
    }
}
