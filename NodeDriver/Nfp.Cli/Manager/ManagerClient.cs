using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nfp.NodeDriver;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.Cli.Manager;

/// <summary>
/// What <c>nfp service</c> and <c>nfp nsd</c> do, over the manager's REST API (docs/architecture.md): the
/// node-driver RPCs' writes and reads with the same contracts, a refusal thrown as a <see cref="ManagerRefusalException"/>.
/// One HTTP request each — no bus to start — so a command answers in about the time the manager takes.
/// </summary>
public sealed class ManagerClient(HttpClient http)
{
    /// <summary>How often <see cref="WaitAsync"/> reads the operation's steps and the service.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public Task<NetworkServiceAccepted> CreateAsync(CreateNetworkService request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "v1/network_services", JsonContent.Create(request, CliJson.Default.CreateNetworkService), CliJson.Default.NetworkServiceAccepted, cancellationToken);

    public Task<NetworkServiceAccepted> UpdateAsync(Guid id, JsonElement? serviceConfig, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"v1/network_services/{id}", JsonContent.Create(new ServiceConfigChange(serviceConfig), CliJson.Default.ServiceConfigChange),
            CliJson.Default.NetworkServiceAccepted, cancellationToken);

    public Task<NetworkServiceAccepted> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"v1/network_services/{id}", null, CliJson.Default.NetworkServiceAccepted, cancellationToken);

    public Task<NetworkServiceAccepted> RetryAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"v1/network_services/{id}/retry", null, CliJson.Default.NetworkServiceAccepted, cancellationToken);

    public Task<NetworkServiceAccepted> FailoverAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"v1/network_services/{id}/failover", null, CliJson.Default.NetworkServiceAccepted, cancellationToken);

    public Task<NetworkServiceAccepted> FailoverNsdAsync(Guid nsdId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"v1/nsds/{nsdId}/failover", null, CliJson.Default.NetworkServiceAccepted, cancellationToken);

    public Task<NetworkServiceDetail> GetAsync(Guid id, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"v1/network_services/{id}", null, CliJson.Default.NetworkServiceDetail, cancellationToken);

    /// <summary>A page of services as get_network_services would give it: the filters of <paramref name="request"/> and the next page's marker.</summary>
    public async Task<NetworkServiceList> ListAsync(GetNetworkServices request, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string?>
        {
            ["tenant_id"] = request.TenantId?.ToString(), ["service_chain_id"] = request.ServiceChainId?.ToString(),
            ["service_id"] = request.ServiceId?.ToString(), ["name"] = request.Name,
            ["provisioning_status"] = request.ProvisioningStatus is { } status ? NfpJson.WireName(status) : null,
            ["limit"] = request.Limit.ToString(CultureInfo.InvariantCulture), ["marker"] = request.Marker?.ToString(),
        };
        var path = "v1/network_services?" + string.Join('&', query.Where(q => q.Value is not null).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value!)}"));
        var page = await SendAsync(HttpMethod.Get, path, null, CliJson.Default.JsonElement, cancellationToken);
        // The next link is this query from the page's last service on: its marker is that service's id.
        var next = page.GetProperty("network_services_links").EnumerateArray().Any(link => link.GetProperty("rel").GetString() == "next")
            ? page.GetProperty("network_services").EnumerateArray().Last().GetProperty("id").GetGuid()
            : (Guid?)null;
        return new NetworkServiceList(page.GetProperty("network_services").Deserialize(CliJson.Default.ListNetworkService)!, next);
    }

    /// <summary>
    /// Follows the operation <paramref name="accepted"/> names until its service is <paramref name="until"/>:
    /// each step, as the manager records it ended, goes to <paramref name="steps"/> as it happens; then the
    /// service is returned, with what NFP allocated for it.
    /// </summary>
    /// <exception cref="NetworkServiceStatusException">The service went to ERROR (or DELETED) instead.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed first.</exception>
    public async Task<NetworkServiceDetail> WaitAsync(
        NetworkServiceAccepted accepted, ProvisioningStatus until, TimeSpan timeout, TextWriter steps, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var shown = 0;
        DateTimeOffset? first = null;
        while (true)
        {
            var recorded = (await SendAsync(HttpMethod.Get, $"v1/operations/{accepted.OperationId}/steps", null, CliJson.Default.JsonElement, cancellationToken))
                .GetProperty("operation_steps").Deserialize(CliJson.Default.ListOperationStep)!;
            foreach (var step in recorded.Skip(shown))
            {
                first ??= step.StartedAt;
                await steps.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {(step.EndedAt - first.Value).TotalSeconds,7:0.00}s  {step.Step,-24} {(step.EndedAt - step.StartedAt).TotalSeconds,6:0.00} s  {step.Outcome}{(step.Detail.Length > 0 ? $": {step.Detail}" : "")}"));
            }
            shown = recorded.Count;
            var service = await GetAsync(accepted.NetworkServiceId, cancellationToken);
            var status = service.NetworkService.ProvisioningStatus;
            if (status == until)
            {
                return service;
            }
            if (status is ProvisioningStatus.Error or ProvisioningStatus.Deleted)
            {
                throw new NetworkServiceStatusException(service.NetworkService, until);
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Network service {accepted.NetworkServiceId} is still {NfpJson.WireName(status)} after {timeout.TotalSeconds:0} s.");
            }
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> answer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ManagerRefusalException.ReadAsync(response, cancellationToken);
        }
        return (await response.Content.ReadFromJsonAsync(answer, cancellationToken))!;
    }
}
