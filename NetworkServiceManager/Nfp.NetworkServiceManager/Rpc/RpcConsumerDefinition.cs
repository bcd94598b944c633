using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// The endpoint of one node-driver RPC: the queue <see cref="RpcQueues"/> names, which the node driver
/// sends to, and every request on it answered — what the consumer cannot take is refused by
/// <see cref="UnreadableRequestFilter{TRequest}"/> instead of being moved to an error or skipped queue.
/// </summary>
internal abstract class RpcConsumerDefinition<TConsumer, TRequest> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer<TRequest>
    where TRequest : class
{
    protected RpcConsumerDefinition(IOptions<RpcOptions> options) => EndpointName = RpcQueues.Name<TRequest>(options.Value.QueuePrefix);

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        var refuse = new UnreadableRequestFilter<TRequest>(context.GetRequiredService<RpcAnswers>());
        endpointConfigurator.ConfigureDeadLetter(pipe => pipe.UseFilter<ReceiveContext>(refuse));
        endpointConfigurator.ConfigureError(pipe => pipe.UseFilter<ExceptionReceiveContext>(refuse));
    }
}
