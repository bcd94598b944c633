using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The step of a heal operation, which the manager makes itself (automatic) when the configurator's
/// health monitor tells that a device stopped answering, or answers again: the device and the service
/// take the news, in one transaction with the operation COMPLETED. A device that stopped answering is in
/// ERROR, the service's operating_status ERROR (it has no second device to be DEGRADED on), and its
/// automatic failover scheduled (<see cref="Failovers"/>); one that answers again is ACTIVE (by way of
/// PENDING_UPDATE: ERROR is left only so) and both ONLINE. A service being deleted, a device already
/// gone, or news told before the service's last failover completed (of the device it replaced) takes nothing.
/// </summary>
internal sealed class HealthSteps(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, NetworkServiceInstanceRepository instances,
    NetworkServiceDeviceRepository devices, OperationRepository operations, ServiceStatusSteps status, Failovers failovers)
{
    public async Task<StepOutcome> UpdateNsdHealthAsync(StepContext context)
    {
        var cancellationToken = context.CancellationToken;
        var change = context.Operation.ParametersAs<NsdHealthChange>();
        var down = change.Health == NsdHealth.Unreachable;
        var operating = down ? OperatingStatus.Error : OperatingStatus.Online;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.LockAsync(context.Service.Id, transaction, cancellationToken);
        var device = await devices.LockAsync(change.NsdId, transaction, cancellationToken);
        if (service.ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error or ProvisioningStatus.PendingUpdate
            && device.ProvisioningStatus is not (ProvisioningStatus.Deleted or ProvisioningStatus.PendingDelete)
            && !await operations.FailedOverSinceAsync(service.Id, context.Operation, transaction, cancellationToken))
        {
            if (down && device.ProvisioningStatus != ProvisioningStatus.Error)
            {
                device = await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.Error, change.Reason, transaction, cancellationToken);
            }
            else if (!down && device.ProvisioningStatus == ProvisioningStatus.Error)
            {
                device = await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.PendingUpdate, change.Reason, transaction, cancellationToken);
                device = await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.Active, change.Reason, transaction, cancellationToken);
            }
            if (device.OperatingStatus != operating)
            {
                await devices.SetOperatingStatusAsync(device.Id, device.Version, operating, change.Reason, transaction, cancellationToken);
            }
            if (context.Instance.OperatingStatus != operating)
            {
                await instances.SetOperatingStatusAsync(context.Instance.Id, context.Instance.Version, operating, change.Reason, transaction, cancellationToken);
            }
            if (service.OperatingStatus != operating)
            {
                service = await services.SetOperatingStatusAsync(service.Id, service.Version, operating, change.Reason, transaction, cancellationToken);
            }
            if (down)
            {
                await failovers.ScheduleAsync(service, device, change.Reason, transaction, cancellationToken);
            }
        }
        await status.CompleteAsync(context.Operation.Id, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StepOutcome.Completed();
    }
}
