using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.NetworkServiceManager.Orchestration;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;
using Npgsql;

namespace Nfp.NetworkServiceManager.Rpc;

/// <summary>
/// create_network_service: refuses at the door what is certain to fail later — a vendor and service type
/// no lifecycle driver renders, a service_config the vendor's schema refuses, a port on a network the
/// driver does not have or at an address outside its subnet or in use — naming every field at once;
/// then writes the service (PENDING_CREATE), its ports, its instance and a create Operation (STARTING) in
/// one transaction, answers at once with their ids, and hands the operation to the workers. In that
/// transaction the tenant's quotas are checked first (<see cref="QuotaRepository"/>): a create counts one
/// service, its ports, and the devices it may make — one per instance, two for an active-standby pair,
/// even if it comes to share one — and one that would go over any is refused quota_exceeded, naming each.
/// </summary>
internal sealed class CreateNetworkServiceConsumer(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, NetworkServiceInstanceRepository instances,
    PortInfoRepository ports, OperationRepository operations, QuotaRepository quotas, LifecycleDrivers drivers, OrchestrationQueueSender events, RpcAnswers answers)
    : RpcConsumer<CreateNetworkService>(answers)
{
    protected override async Task AnswerAsync(RpcCall<CreateNetworkService> call)
    {
        var request = call.Message;
        var profile = request.ServiceProfile;
        if (!drivers.Supports(profile.ServiceVendor, profile.ServiceType))
        {
            await call.InvalidAsync([new FieldError("service_profile.service_vendor", FieldErrorCodes.UnknownValue,
                $"No lifecycle driver renders {NfpJson.WireName(profile.ServiceType)} services of vendor '{profile.ServiceVendor}'.")]);
            return;
        }
        var cancellationToken = call.CancellationToken;
        var portRows = request.PortInfo.Select(NewRows.Port).ToList();
        var errors = drivers.CheckServiceConfig(profile.ServiceVendor, profile.ServiceType, request.ServiceConfig ?? NewRows.EmptyConfig)
            .Concat(await drivers.For(profile.ServiceVendor).CheckPortsAsync(portRows, cancellationToken))
            .Concat(await ports.TakenAsync(portRows, cancellationToken))
            .ToList();
        if (errors.Count > 0)
        {
            await call.InvalidAsync(errors);
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var needs = new QuotaCounts(1, profile.Topology == ServiceTopology.ActiveStandby ? 2 : 1, portRows.Count);
        if (await quotas.ExceededAsync(request.TenantId, needs, transaction, cancellationToken) is { Count: > 0 } exceeded)
        {
            await call.AnswerAsync(new RpcFault(RpcFaultCode.QuotaExceeded,
                $"Tenant {request.TenantId} is at its quota: " + string.Join("; ", exceeded.Select(q =>
                    $"{q.Quota} {q.InUse} of {q.Limit} in use, {q.Requested} more needed")) + ". Nothing was made.", [], exceeded));
            return;
        }
        foreach (var port in portRows)
        {
            if (await ports.FindAsync(port.Id, transaction, cancellationToken) is not null)
            {
                await call.ConflictAsync($"Port {port.Id} is already used by a network service.");
                return;
            }
            await ports.CreateAsync(port, transaction, cancellationToken);
        }
        var service = await services.CreateAsync(NewRows.Service(request), transaction, cancellationToken);
        // The spec's first step, the network service instance, is pure bookkeeping: it is written here,
        // with the service, so that the workers find the ports where every later step looks for them.
        foreach (var instance in NewRows.Instances(service, request.PortInfo.Select(p => p.Id).ToList()))
        {
            await instances.CreateAsync(instance, transaction, cancellationToken);
        }
        // The members it starts with are the create's parameters; later notifications add and remove (ServiceParts.MembersAsync).
        var operation = await operations.CreateAsync(
            NewRows.Operation(OperationKind.Create, service.Id, new CreateParameters(request.PolicyTargets ?? [])), transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await call.AnswerAsync(new NetworkServiceAccepted(service.Id, operation.Id, service.ProvisioningStatus));
        await events.SendAsync(service.Id, cancellationToken);
    }
}

internal sealed class CreateNetworkServiceDefinition(IOptions<RpcOptions> options)
    : RpcConsumerDefinition<CreateNetworkServiceConsumer, CreateNetworkService>(options);
