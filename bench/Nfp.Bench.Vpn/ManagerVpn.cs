using Nfp.NodeDriver;

namespace Nfp.Bench.Vpn;

/// <summary>
/// The path measured: two create_network_service requests — site a's VPN and site b's, each pointing at the
/// other — sent at once through the node-driver client, timed from just before they go out until host a has
/// its first answer from host b through the tunnel (<see cref="SiteHosts.FirstAnswerAsync"/>, started just
/// before). Then both are waited for until ACTIVE (a service that went ERROR is noted with its reason rather
/// than ending the run) and, after the run, deleted.
/// </summary>
internal sealed class ManagerVpn(INetworkServiceClient client, VpnSites sites, VpnService vpn, SiteHosts hosts)
{
    public async Task<ManagerRun> CreateAsync(CancellationToken cancellationToken)
    {
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var answered = hosts.FirstAnswerAsync(cancellationToken);
        var accepted = await Task.WhenAll(sites.Both.Select(site => client.CreateNetworkServiceAsync(vpn.Request(site), cancellationToken)));
        var services = accepted.Select(a => a.NetworkServiceId).ToList();
        double? answeredAt = null;
        string? unanswered = null;
        try
        {
            answeredAt = await answered;
        }
        catch (BenchException e)
        {
            // Told below: the services' reasons, or that they are ACTIVE and yet nothing passed.
            unanswered = e.Message;
        }
        var failures = await ManagerRuns.FailuresAsync(client, services, cancellationToken);
        if (unanswered is not null && failures.Count == 0)
        {
            failures.Add($"both services ACTIVE, but the tunnel passed nothing: {unanswered}");
        }
        return new ManagerRun(services, sentAt, (answeredAt ?? double.NaN) - sentAt, failures);
    }

    /// <summary>Deletes the run's services and waits until they are DELETED, their devices gone (not timed).</summary>
    public Task DeleteAsync(ManagerRun run, CancellationToken cancellationToken) => ManagerRuns.DeleteAsync(client, run, cancellationToken);
}
