using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>Sends <see cref="OrchestrationEvent"/>s to the worker queue that every manager instance consumes.</summary>
internal sealed class OrchestrationQueueSender(IBus bus, IOptions<RpcOptions> rpc)
{
    private readonly Uri _queue = new($"queue:{OrchestrationWorker.Queue(rpc.Value.QueuePrefix)}");

    public async Task SendAsync(Guid bindingKey, CancellationToken cancellationToken)
    {
        var endpoint = await bus.GetSendEndpoint(_queue);
        await endpoint.Send(new OrchestrationEvent(bindingKey), cancellationToken);
    }
}
