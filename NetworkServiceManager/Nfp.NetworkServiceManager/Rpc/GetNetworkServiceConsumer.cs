using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>get_network_service: the service with what NFP allocated for it (<see cref="NetworkServiceDetail"/>, its config's secrets redacted), or a not_found fault.</summary>
internal sealed class GetNetworkServiceConsumer(NetworkServiceDetails details, LifecycleDrivers drivers, RpcAnswers answers) : RpcConsumer<GetNetworkService>(answers)
{
    protected override async Task AnswerAsync(RpcCall<GetNetworkService> call)
    {
        var id = call.Message.NetworkServiceId;
        if (await details.FindAsync(id, call.CancellationToken) is { } service)
        {
            await call.AnswerAsync(drivers.Shown(service));
        }
        else
        {
            await call.NotFoundAsync(id);
        }
    }
}

internal sealed class GetNetworkServiceDefinition(IOptions<RpcOptions> options) : RpcConsumerDefinition<GetNetworkServiceConsumer, GetNetworkService>(options);
