using Nfp.NodeDriver;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Bench;

/// <summary>What a bench does with the services of a <see cref="ManagerRun"/> beside timing them: waits for their end state, deletes them.</summary>
public static class ManagerRuns
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Waits until each service is ACTIVE; returns why those that went ERROR did (empty: all ACTIVE).</summary>
    public static async Task<List<string>> FailuresAsync(INetworkServiceClient client, IEnumerable<Guid> services, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        foreach (var service in services)
        {
            try
            {
                await client.WaitForStatusAsync(service, ProvisioningStatus.Active, Patience, cancellationToken);
            }
            catch (NetworkServiceStatusException e) when (e.Service.ProvisioningStatus == ProvisioningStatus.Error)
            {
                failures.Add(e.Service.StatusDescription);
            }
        }
        return failures;
    }

    /// <summary>Deletes the run's services and waits until they are DELETED, their devices gone (not timed).</summary>
    public static async Task DeleteAsync(INetworkServiceClient client, ManagerRun run, CancellationToken cancellationToken)
    {
        foreach (var service in run.Services)
        {
            await client.DeleteNetworkServiceAsync(new DeleteNetworkService(service), cancellationToken);
        }
        foreach (var service in run.Services)
        {
            await client.WaitForStatusAsync(service, ProvisioningStatus.Deleted, Patience, cancellationToken);
        }
    }
}
