using System.Diagnostics;
using Nfp.NodeDriver;

namespace Nfp.Bench.Chain;

/// <summary>
/// The path measured: create_network_service through the node-driver client, timed until the service
/// reads ACTIVE (the client reads it every --poll-ms). Several at once are sent together and then waited
/// for one after another — the last one's ACTIVE ends the time either way, and one reader at a time
/// keeps the polls from loading the manager. A service that goes ERROR is noted with its reason rather
/// than ending the run, so that a report can tell how often it happens.
/// </summary>
internal sealed class ManagerPath(INetworkServiceClient client, ChainNetworks networks, LoadBalancer loadBalancer)
{
    /// <summary>Services in slots 0 to <paramref name="count"/> − 1, created at once.</summary>
    public async Task<ManagerRun> CreateAsync(int count, CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var clock = Stopwatch.StartNew();
        var accepted = await Task.WhenAll(Enumerable.Range(0, count).Select(slot => client.CreateNetworkServiceAsync(
            loadBalancer.Request(Addresses.Vip(networks.Consumer.Cidr, slot), networks.Consumer.Name, networks.Provider.Name), cancellationToken)));
        var failures = await ManagerRuns.FailuresAsync(client, accepted.Select(a => a.NetworkServiceId), cancellationToken);
        return new ManagerRun([.. accepted.Select(a => a.NetworkServiceId)], sentAt, clock.Elapsed.TotalMilliseconds, failures);
    }

    /// <summary>Deletes the run's services and waits until they are DELETED, their devices gone (not timed).</summary>
    public Task DeleteAsync(ManagerRun run, CancellationToken cancellationToken) => ManagerRuns.DeleteAsync(client, run, cancellationToken);
}
