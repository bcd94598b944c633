using System.Net.Http.Headers;
using Nfp.Schema.Drivers;

namespace Nfp.Bench;

/// <summary>
/// A part of a device's config as the device runs it, read back from its agent
/// (<c>GET /cgi-bin/config?PART</c>) as the device's own user: how a bench checks that its floor's
/// device runs what the manager's device runs.
/// </summary>
public sealed class DeviceAgentConfig(string agentSecret) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>The part <paramref name="part"/> (e.g. <c>haproxy</c>, <c>vpn</c>) of the device <paramref name="nsdId"/> at <paramref name="mgmt"/>.</summary>
    public async Task<string> ReadAsync(string mgmt, Guid nsdId, string part, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://{mgmt}:8480/cgi-bin/config?{part}"))
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
