using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Rpc;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>Sends <see cref="OrchestrationEvent"/>s to the worker queue that every manager instance consumes.</summary>
internal sealed class OrchestrationQueueSender(IBus bus, IOptions<RpcOptions> rpc)
{
    public async Task SendAsync(Guid bindingKey, CancellationToken cancellationToken)
    {
        var queue = new KebabCaseEndpointNameFormatter(rpc.Value.QueuePrefix, includeNamespace: false).Consumer<OrchestrationWorker>();
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{queue}"));
        await endpoint.Send(new OrchestrationEvent(bindingKey), cancellationToken);
    }
}
