using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The step of a heal operation, which the manager makes itself (automatic) when the configurator's
/// health monitor tells that a device stopped answering, answers again, or (in an active-standby pair)
/// changed its HA state: the device, its instance and the service take the news, in one transaction with
/// the operation COMPLETED. A device that stopped answering is in ERROR and its instance's operating_status
/// ERROR; the service's is ERROR too — or DEGRADED while the other device of its pair is ONLINE — and the
/// device's automatic failover is scheduled (<see cref="Failovers"/>). One that answers again is ACTIVE (by
/// way of PENDING_UPDATE: ERROR is left only so) and ONLINE, and the service ONLINE once all its instances
/// are. A device that answers but reports part of its function down (a VPN connection not up: degraded) is
/// ACTIVE and DEGRADED, and so is its service; it is not failed over — the device is there, a peer or a key is
/// what is wrong. An HA state told is the instance's; a dead member of a pair is standby (it holds no address
/// now). A service being deleted, a device gone or no longer the service's, or news told before the service's
/// last failover completed (of the device it replaced) takes nothing.
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
        var operating = down ? OperatingStatus.Error : change.Health == NsdHealth.Degraded ? OperatingStatus.Degraded : OperatingStatus.Online;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.LockAsync(context.Service.Id, transaction, cancellationToken);
        var device = await devices.LockAsync(change.NsdId, transaction, cancellationToken);
        var instance = context.Instances.FirstOrDefault(i => i.NsdId == device.Id) is { } rendering
            ? await instances.LockAsync(rendering.Id, transaction, cancellationToken)
            : null;
        if (instance is not null
            && service.ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error or ProvisioningStatus.PendingUpdate
            && device.ProvisioningStatus is not (ProvisioningStatus.Deleted or ProvisioningStatus.PendingDelete)
            && !await operations.FailedOverSinceAsync(service.Id, device.Id, context.Operation, transaction, cancellationToken))
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
            // A dead member holds none of the pair's addresses: it is no longer the active one, whatever it last told.
            var told = down && instance.HaState == HaState.Active ? HaState.Standby : change.HaState;
            if (told is { } haState && instance.HaState != haState)
            {
                instance = await instances.UpdateAsync(instance with { HaState = haState }, transaction, cancellationToken);
            }
            if (instance.OperatingStatus != operating)
            {
                await instances.SetOperatingStatusAsync(instance.Id, instance.Version, operating, change.Reason, transaction, cancellationToken);
            }
            var others = context.Instances.Where(i => i.Id != instance.Id).ToList();
            var serviceOperating = others.Count == 0 ? operating
                : others.Any(i => i.OperatingStatus == OperatingStatus.Online) ? (operating == OperatingStatus.Online ? OperatingStatus.Online : OperatingStatus.Degraded)
                : down ? OperatingStatus.Error : OperatingStatus.Degraded;
            if (service.OperatingStatus != serviceOperating)
            {
                service = await services.SetOperatingStatusAsync(service.Id, service.Version, serviceOperating, change.Reason, transaction, cancellationToken);
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
