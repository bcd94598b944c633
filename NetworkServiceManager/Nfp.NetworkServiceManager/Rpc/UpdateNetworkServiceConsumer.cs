using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// update_network_service: stores the new service_config, moves the service to PENDING_UPDATE and writes
/// an update Operation, in one transaction. Only a service at rest (ACTIVE, or ERROR to retry) takes an
/// update; one still PENDING_* is a conflict, not a silent queue.
/// </summary>
internal sealed class UpdateNetworkServiceConsumer(ServiceWrites writes, RpcAnswers answers) : RpcConsumer<UpdateNetworkService>(answers)
{
    protected override Task AnswerAsync(RpcCall<UpdateNetworkService> call) =>
        writes.ReconfigureAsync(call, call.Message.NetworkServiceId, OperationKind.Update, null,
            service => service with { ServiceConfig = call.Message.ServiceConfig!.Value });
}

internal sealed class UpdateNetworkServiceDefinition(IOptions<RpcOptions> options) : RpcConsumerDefinition<UpdateNetworkServiceConsumer, UpdateNetworkService>(options);
