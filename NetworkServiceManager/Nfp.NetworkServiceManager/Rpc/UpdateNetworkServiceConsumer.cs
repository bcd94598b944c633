using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// update_network_service: checks the new service_config against its vendor's schema (refusing it naming
/// every field), then stores it, moves the service to PENDING_UPDATE and writes an update Operation, in
/// one transaction. Only a service at rest (ACTIVE, or ERROR) takes an update; one still PENDING_* is a
/// conflict, not a silent queue.
/// </summary>
internal sealed class UpdateNetworkServiceConsumer(
    ServiceWrites writes, NetworkServiceRepository services, LifecycleDrivers drivers, RpcAnswers answers)
    : RpcConsumer<UpdateNetworkService>(answers)
{
    protected override async Task AnswerAsync(RpcCall<UpdateNetworkService> call)
    {
        var (id, config) = (call.Message.NetworkServiceId, call.Message.ServiceConfig!.Value);
        // The vendor and type of a service never change, so they are read before the write's transaction.
        // A secret field given as the placeholder a view shows keeps the stored secret (SecretFields).
        if (await services.FindAsync(id, cancellationToken: call.CancellationToken) is { } service
            && drivers.CheckServiceConfig(service.ServiceVendor, service.ServiceType, drivers.Restored(service, config)) is { Count: > 0 } errors)
        {
            await call.InvalidAsync(errors);
            return;
        }
        await writes.ReconfigureAsync(call, id, OperationKind.Update, null, stored => stored with { ServiceConfig = drivers.Restored(stored, config) });
    }
}

internal sealed class UpdateNetworkServiceDefinition(IOptions<RpcOptions> options) : RpcConsumerDefinition<UpdateNetworkServiceConsumer, UpdateNetworkService>(options);
