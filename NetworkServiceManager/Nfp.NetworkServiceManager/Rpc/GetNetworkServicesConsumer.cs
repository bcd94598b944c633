using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>get_network_services: a page of services matching every filter given, oldest first, their configs' secrets redacted.</summary>
internal sealed class GetNetworkServicesConsumer(NetworkServiceRepository services, LifecycleDrivers drivers, RpcAnswers answers) : RpcConsumer<GetNetworkServices>(answers)
{
    protected override async Task AnswerAsync(RpcCall<GetNetworkServices> call)
    {
        var request = call.Message;
        var filters = new Dictionary<string, string[]>();
        Add(filters, "tenant_id", request.TenantId?.ToString());
        Add(filters, "service_chain_id", request.ServiceChainId?.ToString());
        Add(filters, "service_id", request.ServiceId?.ToString());
        Add(filters, "provisioning_status", request.ProvisioningStatus is { } status ? NfpJson.WireName(status) : null);
        Add(filters, "name", request.Name);
        try
        {
            var page = await services.ListAsync(new ListQuery(filters, request.Limit, request.Marker), cancellationToken: call.CancellationToken);
            await call.AnswerAsync(new NetworkServiceList(page.Items.Select(drivers.Shown).ToList(), page.NextMarker));
        }
        catch (InvalidQueryException e)
        {
            await call.InvalidAsync([e.Error]);
        }
    }

    private static void Add(Dictionary<string, string[]> filters, string key, string? value)
    {
        if (value is not null)
        {
            filters[key] = [value];
        }
    }
}

internal sealed class GetNetworkServicesDefinition(IOptions<RpcOptions> options) : RpcConsumerDefinition<GetNetworkServicesConsumer, GetNetworkServices>(options);
