using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;

namespace Nfp.Drivers.Vendors.Agent;

/// <summary>
/// The device agent's HTTP API (deploy/images/agent): <c>POST /cgi-bin/apply?PART</c> makes a part of the
/// device's config what the body says (<c>?PART.remove</c> takes it away), answering 200 or 400 with the
/// device's reason; <c>GET /cgi-bin/health</c> answers 200 <c>ok {device id}</c> when the device's function is
/// up. Each device is called as its own user (<see cref="DeviceCredentials"/>), so a request reaches only
/// the device it names: another device at the address refuses it (401).
/// </summary>
internal sealed class DeviceAgentClient : IDisposable
{
    /// <summary>How often an apply tries again to reach an agent that is not listening yet.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly HttpClient _http;
    private readonly int _port;
    private readonly TimeSpan _agentStart;
    private readonly string _secret;

    /// <param name="settings">How to reach the agent.</param>
    /// <param name="settingsPath">Where the settings come from, for the message when they are incomplete.</param>
    public DeviceAgentClient(DeviceAgentSettings settings, string settingsPath)
    {
        if (settings.AgentSecret.Length == 0)
        {
            throw new InvalidOperationException($"The device agents' secret is not set ({settingsPath}:AgentSecret).");
        }
        _port = settings.Port;
        _agentStart = TimeSpan.FromSeconds(settings.AgentStartSeconds);
        _secret = settings.AgentSecret;
        // Each call has its own bound (the configurator's apply timeout, the probe's timeout).
        _http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Makes <paramref name="part"/> of the device's config <paramref name="body"/> (or takes it away). An
    /// apply tries again while the agent cannot be reached, for <see cref="DeviceAgentSettings.AgentStartSeconds"/>:
    /// the device may have just started (the whole part is replaced, so a second try is harmless). A removal
    /// does not wait: a device that does not answer has nothing left to undo, and its delete goes on.
    /// </summary>
    /// <exception cref="VendorDriverException">The device refused it or did not answer.</exception>
    public async Task ApplyAsync(string mgmtIpAddress, Guid nsdId, string part, string body, bool removing, CancellationToken cancellationToken)
    {
        var query = removing ? $"{part}.remove" : part;
        var giveUp = DateTimeOffset.UtcNow + (removing ? TimeSpan.Zero : _agentStart);
        HttpResponseMessage response;
        while (true)
        {
            using var request = Request(HttpMethod.Post, mgmtIpAddress, nsdId, "apply", query);
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
            try
            {
                response = await _http.SendAsync(request, cancellationToken);
                break;
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < giveUp)
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new VendorDriverException($"The device agent at {mgmtIpAddress}:{_port} did not answer: {e.Message}", e);
            }
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var reason = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
                throw new VendorDriverException(response.StatusCode == HttpStatusCode.BadRequest
                    ? $"The device at {mgmtIpAddress} refused its {part} config: {reason}"
                    : $"The device agent at {mgmtIpAddress} answered {(int)response.StatusCode} to {query}: {reason}");
            }
        }
    }

    /// <summary>
    /// Whether the device <paramref name="nsdId"/>'s agent answers at the address and says its function is
    /// up: 200 to its own credential, with its own id (<c>ok ID</c>), and with its VRRP state when it is in
    /// a pair (<c>ok ID MASTER</c>: active; BACKUP, FAULT and the rest: standby). Another device there
    /// refuses the credential, and an agent that names another id is not this device either.
    /// </summary>
    private const string DegradedWord = "degraded ";

    public async Task<NsdProbe> ProbeAsync(string mgmtIpAddress, Guid nsdId, CancellationToken cancellationToken)
    {
        try
        {
            using var request = Request(HttpMethod.Get, mgmtIpAddress, nsdId, "health");
            using var response = await _http.SendAsync(request, cancellationToken);
            // "ok ID [HA STATE]", then, when part of the function is down, a line "degraded WHAT".
            var lines = response.IsSuccessStatusCode
                ? (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [];
            var words = lines.Length > 0 ? lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
            var degraded = lines.Skip(1).FirstOrDefault(line => line.StartsWith(DegradedWord, StringComparison.Ordinal))?[DegradedWord.Length..] ?? "";
            return words is ["ok", var id, ..] && id == nsdId.ToString("D") && words.Length <= 3
                ? new NsdProbe(true, words.Length == 2 ? HaState.None : words[2] == "MASTER" ? HaState.Active : HaState.Standby, degraded)
                : NsdProbe.Silent;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return NsdProbe.Silent;
        }
    }

    /// <summary>A request to the agent's <paramref name="script"/>, as the device's own user. (UriBuilder puts an IPv6 address in brackets.)</summary>
    private HttpRequestMessage Request(HttpMethod method, string mgmtIpAddress, Guid nsdId, string script, string query = "") =>
        new(method, new UriBuilder(Uri.UriSchemeHttp, mgmtIpAddress, _port, $"/cgi-bin/{script}") { Query = query }.Uri)
        {
            Headers =
            {
                Authorization = new AuthenticationHeaderValue("Basic", DeviceCredentials.BasicParameter(_secret, nsdId)),
            },
        };

    public void Dispose() => _http.Dispose();
}
