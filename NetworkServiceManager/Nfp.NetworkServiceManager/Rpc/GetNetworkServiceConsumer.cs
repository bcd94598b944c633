using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>get_network_service: the service, or a not_found fault.</summary>
internal sealed class GetNetworkServiceConsumer(NetworkServiceRepository services) : IConsumer<GetNetworkService>
{
    public async Task Consume(ConsumeContext<GetNetworkService> context)
    {
        if (await RpcReplies.RefusedAsInvalidAsync(context))
        {
            return;
        }
        var id = context.Message.NetworkServiceId;
        if (await services.FindAsync(id, cancellationToken: context.CancellationToken) is { } service)
        {
            await context.RespondAsync(service);
        }
        else
        {
            await RpcReplies.NotFoundAsync(context, id);
        }
    }
}

internal sealed class GetNetworkServiceDefinition(IOptions<RpcOptions> options) : RpcConsumerDefinition<GetNetworkServiceConsumer, GetNetworkService>(options);
