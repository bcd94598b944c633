using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>The endpoint of one node-driver RPC: the queue <see cref="RpcQueues"/> names, which the node driver sends to.</summary>
internal abstract class RpcConsumerDefinition<TConsumer, TRequest> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<TRequest>
    where TRequest : class
{
    protected RpcConsumerDefinition(IOptions<RpcOptions> options) => EndpointName = RpcQueues.Name<TRequest>(options.Value.QueuePrefix);
}
