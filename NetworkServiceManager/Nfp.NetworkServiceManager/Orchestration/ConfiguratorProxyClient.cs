using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The manager's side of the configurator: each call is a <see cref="ConfiguratorCall"/> message on the
/// configurator proxy's queue (<c>{prefix}-configurator-proxy</c>); the answer comes back later as a
/// notification naming the same operation, which the <see cref="NotificationInbox"/> keeps.
/// </summary>
internal sealed class ConfiguratorProxyClient(IBus bus, IOptions<RpcOptions> rpc)
{
    /// <summary>Who the manager says it is in a request's context.</summary>
    public const string Requester = "network_service_manager";

    public string Queue => ConfiguratorQueues.Agent(rpc.Value.QueuePrefix);

    public async Task CallAsync(
        ConfiguratorMethod method, NetworkService service, NetworkServiceInstance instance, NetworkServiceDevice device,
        Operation operation, IReadOnlyList<ConfigResource> config, CancellationToken cancellationToken)
    {
        var context = new ConfigContext(service.Id, device.Id, operation.Id, Requester, instance.Id);
        var request = new ConfigRequest(new ConfigInfo(service.ServiceType, service.ServiceVendor, context), config);
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{Queue}"));
        await endpoint.Send(new ConfiguratorCall(method, request), cancellationToken);
    }
}
