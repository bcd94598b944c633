using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NodeDriver;

/// <summary>
/// What a service-chain node composition plugin drives the Network Service Manager with: every
/// node-driver RPC (docs/rpc.md), each answered by the manager at once. A refusal throws
/// <see cref="NetworkServiceRpcException"/> carrying the manager's <see cref="RpcFault"/>; nothing was
/// changed. Writes return as soon as they are accepted: use <see cref="WaitForStatusAsync"/> to wait for
/// the result.
/// </summary>
public interface INetworkServiceClient
{
    Task<NetworkServiceAccepted> CreateNetworkServiceAsync(CreateNetworkService request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> UpdateNetworkServiceAsync(UpdateNetworkService request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> DeleteNetworkServiceAsync(DeleteNetworkService request, CancellationToken cancellationToken = default);

    /// <summary>Runs again the failed operation that put a service in ERROR (docs/rpc.md, retry_network_service).</summary>
    Task<NetworkServiceAccepted> RetryNetworkServiceAsync(RetryNetworkService request, CancellationToken cancellationToken = default);

    /// <summary>Replaces the device rendering a service with a new one at the same addresses (docs/rpc.md, failover_network_service).</summary>
    Task<NetworkServiceAccepted> FailoverNetworkServiceAsync(FailoverNetworkService request, CancellationToken cancellationToken = default);

    /// <summary>Replaces a device, with every service it renders (docs/rpc.md, failover_nsd).</summary>
    Task<NetworkServiceAccepted> FailoverNsdAsync(FailoverNsd request, CancellationToken cancellationToken = default);

    /// <summary>The service with what NFP allocated for it: its ports where they are plugged, its device(s), its members, a load balancer's VIP.</summary>
    Task<NetworkServiceDetail> GetNetworkServiceAsync(GetNetworkService request, CancellationToken cancellationToken = default);

    Task<NetworkServiceList> GetNetworkServicesAsync(GetNetworkServices request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> PolicyTargetAddedAsync(PolicyTargetAddedNotification request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> PolicyTargetRemovedAsync(PolicyTargetRemovedNotification request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> ConsumerPtgAddedAsync(ConsumerPtgAddedNotification request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> ConsumerPtgRemovedAsync(ConsumerPtgRemovedNotification request, CancellationToken cancellationToken = default);

    Task<NetworkServiceAccepted> ChainParametersUpdatedAsync(ChainParametersUpdatedNotification request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the service every <see cref="NodeDriverOptions.PollInterval"/> until its provisioning status
    /// is <paramref name="status"/>, and returns it then, with what NFP allocated for it.
    /// </summary>
    /// <exception cref="NetworkServiceStatusException">The service went to ERROR (or DELETED) while another status was awaited; its status_description says why.</exception>
    /// <exception cref="TimeoutException"><paramref name="timeout"/> passed first.</exception>
    Task<NetworkServiceDetail> WaitForStatusAsync(Guid networkServiceId, ProvisioningStatus status, TimeSpan timeout, CancellationToken cancellationToken = default);
}
