using MassTransit;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// create_network_service: validates, writes the service (PENDING_CREATE), its ports and a create
/// Operation (STARTING) in one transaction, and answers at once with their ids.
/// </summary>
internal sealed class CreateNetworkServiceConsumer(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, PortInfoRepository ports, OperationRepository operations)
    : IConsumer<CreateNetworkService>
{
    public async Task Consume(ConsumeContext<CreateNetworkService> context)
    {
        if (await RpcReplies.RefusedAsInvalidAsync(context))
        {
            return;
        }
        var request = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var port in request.PortInfo)
        {
            if (await ports.FindAsync(port.Id, transaction, cancellationToken) is not null)
            {
                await RpcReplies.ConflictAsync(context, $"Port {port.Id} is already used by a network service.");
                return;
            }
            await ports.CreateAsync(new PortInfo(port.Id, port.PortPolicy, port.PortClassification, port.PortType, default, default, 0),
                transaction, cancellationToken);
        }
        var service = await services.CreateAsync(new NetworkService(
            Guid.NewGuid(), request.Name, request.Description, request.TenantId, request.ServiceId, request.ServiceChainId,
            request.ServiceProfile.Id, request.ServiceConfig, ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "",
            default, default, 0), transaction, cancellationToken);
        var operation = await operations.CreateAsync(
            Operations.New(OperationKind.Create, service.Id), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await context.RespondAsync(new NetworkServiceAccepted(service.Id, operation.Id, service.ProvisioningStatus));
    }
}
