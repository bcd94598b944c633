using System.Net.Http.Headers;
using Nfp.Schema.Drivers;

namespace Nfp.Bench.Chain;

/// <summary>
/// That the floor does the manager's device work: the haproxy.cfg each path's device runs, read back
/// from its device agent (<c>GET /cgi-bin/config?haproxy</c>), is the same but for the VIP.
/// </summary>
internal sealed class SameConfigCheck(string agentSecret) : IDisposable
{
    private const string VipMark = "<vip>";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <exception cref="BenchException">The two configs differ.</exception>
    public async Task RequireAsync(
        BenchDatabase manager, Guid service, string managerVip, string floorMgmt, Guid floorNsdId, string floorVip, CancellationToken cancellationToken)
    {
        var (managerMgmt, managerNsdId) = await ManagerDevices.OfAsync(manager, service, cancellationToken);
        var managerConfig = (await ReadAsync(managerMgmt, managerNsdId, cancellationToken)).Replace(managerVip, VipMark, StringComparison.Ordinal);
        var floorConfig = (await ReadAsync(floorMgmt, floorNsdId, cancellationToken)).Replace(floorVip, VipMark, StringComparison.Ordinal);
        if (managerConfig != floorConfig)
        {
            throw new BenchException($"The two paths' devices run different haproxy configs.\nmanager:\n{managerConfig}\nfloor:\n{floorConfig}");
        }
        Console.Error.WriteLine($"same haproxy.cfg on both paths but for the VIP ({managerConfig.Split('\n').Length} lines)");
    }

    /// <summary>The haproxy.cfg the device <paramref name="nsdId"/> runs, asked as its own user.</summary>
    private async Task<string> ReadAsync(string mgmt, Guid nsdId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{mgmt}:8480/cgi-bin/config?haproxy"))
        {
            Headers =
            {
                Authorization = new AuthenticationHeaderValue("Basic", DeviceCredentials.BasicParameter(agentSecret, nsdId)),
            },
        };
        using var response = await _http.SendAsync(request, cancellationToken);
        return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
