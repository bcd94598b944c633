using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NodeDriver;

/// <summary>
/// The <see cref="INetworkServiceClient"/> over MassTransit request/response on the manager's RabbitMQ. A
/// request goes to the exchange in front of the RPC's queue, never declaring the queue: only the manager
/// makes its queues. When no queue is bound there (the manager never ran with this prefix on this broker,
/// or the prefix is mistyped) the broker returns the request at once, and it fails with MassTransit's
/// <see cref="RequestException"/> whose inner exception is a <see cref="MessageReturnedException"/>.
/// </summary>
internal sealed class NetworkServiceClient(IClientFactory clients, IOptions<NodeDriverOptions> options, TimeProvider clock) : INetworkServiceClient
{
    private readonly NodeDriverOptions _options = options.Value;

    public Task<NetworkServiceAccepted> CreateNetworkServiceAsync(CreateNetworkService request, CancellationToken cancellationToken = default) =>
        AskAsync<CreateNetworkService, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> UpdateNetworkServiceAsync(UpdateNetworkService request, CancellationToken cancellationToken = default) =>
        AskAsync<UpdateNetworkService, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> DeleteNetworkServiceAsync(DeleteNetworkService request, CancellationToken cancellationToken = default) =>
        AskAsync<DeleteNetworkService, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> RetryNetworkServiceAsync(RetryNetworkService request, CancellationToken cancellationToken = default) =>
        AskAsync<RetryNetworkService, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> FailoverNetworkServiceAsync(FailoverNetworkService request, CancellationToken cancellationToken = default) =>
        AskAsync<FailoverNetworkService, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> FailoverNsdAsync(FailoverNsd request, CancellationToken cancellationToken = default) =>
        AskAsync<FailoverNsd, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceDetail> GetNetworkServiceAsync(GetNetworkService request, CancellationToken cancellationToken = default) =>
        AskAsync<GetNetworkService, NetworkServiceDetail>(request, cancellationToken);

    public Task<NetworkServiceList> GetNetworkServicesAsync(GetNetworkServices request, CancellationToken cancellationToken = default) =>
        AskAsync<GetNetworkServices, NetworkServiceList>(request, cancellationToken);

    public Task<NetworkServiceAccepted> PolicyTargetAddedAsync(PolicyTargetAddedNotification request, CancellationToken cancellationToken = default) =>
        AskAsync<PolicyTargetAddedNotification, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> PolicyTargetRemovedAsync(PolicyTargetRemovedNotification request, CancellationToken cancellationToken = default) =>
        AskAsync<PolicyTargetRemovedNotification, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> ConsumerPtgAddedAsync(ConsumerPtgAddedNotification request, CancellationToken cancellationToken = default) =>
        AskAsync<ConsumerPtgAddedNotification, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> ConsumerPtgRemovedAsync(ConsumerPtgRemovedNotification request, CancellationToken cancellationToken = default) =>
        AskAsync<ConsumerPtgRemovedNotification, NetworkServiceAccepted>(request, cancellationToken);

    public Task<NetworkServiceAccepted> ChainParametersUpdatedAsync(ChainParametersUpdatedNotification request, CancellationToken cancellationToken = default) =>
        AskAsync<ChainParametersUpdatedNotification, NetworkServiceAccepted>(request, cancellationToken);

    public async Task<NetworkServiceDetail> WaitForStatusAsync(
        Guid networkServiceId, ProvisioningStatus status, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var giveUpAt = clock.GetUtcNow() + timeout;
        while (true)
        {
            var detail = await GetNetworkServiceAsync(new GetNetworkService(networkServiceId), cancellationToken);
            var service = detail.NetworkService;
            if (service.ProvisioningStatus == status)
            {
                return detail;
            }
            if (service.ProvisioningStatus is ProvisioningStatus.Error or ProvisioningStatus.Deleted)
            {
                throw new NetworkServiceStatusException(service, status);
            }
            if (clock.GetUtcNow() >= giveUpAt)
            {
                throw new TimeoutException(
                    $"Network service {networkServiceId} was still {Schema.Json.NfpJson.WireName(service.ProvisioningStatus)} after {timeout.TotalSeconds:0.#} s.");
            }
            await Task.Delay(_options.PollInterval, clock, cancellationToken);
        }
    }

    private async Task<TAnswer> AskAsync<TRequest, TAnswer>(TRequest request, CancellationToken cancellationToken)
        where TRequest : class where TAnswer : class
    {
        // "exchange:", not "queue:": sending to a queue: address declares that durable queue, so a request to
        // an absent manager would leave behind a queue that keeps it (and hands it to whichever manager
        // takes that prefix later). The exchange alone routes nothing until the manager binds its queue.
        var client = clients.CreateRequestClient<TRequest>(
            new Uri($"exchange:{RpcQueues.Name<TRequest>(_options.QueuePrefix)}"), RequestTimeout.After(ms: (int)_options.RequestTimeout.TotalMilliseconds));
        var response = await client.GetResponse<TAnswer, RpcFault>(request, pipe => pipe.UseExecute(Mandatory), cancellationToken);
        if (response.Is(out Response<TAnswer>? answer))
        {
            return answer!.Message;
        }
        response.Is(out Response<RpcFault>? fault);
        throw new NetworkServiceRpcException(fault!.Message);
    }

    /// <summary>Unroutable requests come back from the broker at once instead of being dropped to time out.</summary>
    private static void Mandatory(SendContext context)
    {
        if (context.TryGetPayload(out RabbitMqSendContext? rabbit))
        {
            rabbit.Mandatory = true;
        }
    }
}
