using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The last step of each graph: the service (and its instance) at rest, ACTIVE or DELETED, in the same
/// transaction as its operation COMPLETED — a caller never sees one without the other.
/// </summary>
internal sealed class ServiceStatusSteps(
    NpgsqlDataSource dataSource, NetworkServiceRepository services, NetworkServiceInstanceRepository instances,
    NetworkServiceDeviceRepository devices, PortInfoRepository ports, OperationRepository operations)
{
    /// <summary>
    /// network_service_active: the instances (one, or both of a pair) and the service ACTIVE (an instance in
    /// ERROR by way of PENDING_UPDATE: ERROR is left only so), and — the health monitor having seen each
    /// device answer in the step before — the devices, the instances and the service ONLINE. Moves only what
    /// is not there yet, so a second run writes nothing.
    /// </summary>
    public async Task<StepOutcome> ActiveAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A pair's member a failover made again joins as standby (its VRRP instance does not preempt).
        var joined = context.Operation.Kind == OperationKind.Failover && service.Topology == ServiceTopology.ActiveStandby
            ? context.Operation.ParametersAs<FailoverParameters>().NsdId
            : (Guid?)null;
        foreach (var rendered in context.Instances)
        {
            await ActiveAsync(rendered, rendered.NsdId == joined, transaction, cancellationToken);
        }
        var current = await services.LockAsync(service.Id, transaction, cancellationToken);
        if (current.ProvisioningStatus != ProvisioningStatus.Active)
        {
            current = await services.SetProvisioningStatusAsync(current.Id, current.Version, ProvisioningStatus.Active,
                $"{NfpJson.WireName(context.Operation.Kind)} completed", transaction, cancellationToken);
        }
        if (current.OperatingStatus != OperatingStatus.Online)
        {
            await services.SetOperatingStatusAsync(current.Id, current.Version, OperatingStatus.Online, Monitored, transaction, cancellationToken);
        }
        await CompleteAsync(context.Operation.Id, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StepOutcome.Completed();
    }

    private const string Monitored = "monitored";

    /// <summary>One instance ACTIVE and ONLINE (standby when it <paramref name="joined"/> its pair), and its device ONLINE.</summary>
    private async Task ActiveAsync(NetworkServiceInstance rendered, bool joined, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var instance = await instances.LockAsync(rendered.Id, transaction, cancellationToken);
        if (joined && instance.HaState != HaState.Standby)
        {
            instance = await instances.UpdateAsync(instance with { HaState = HaState.Standby }, transaction, cancellationToken);
        }
        if (instance.ProvisioningStatus == ProvisioningStatus.Error)
        {
            instance = await instances.SetProvisioningStatusAsync(instance.Id, instance.Version, ProvisioningStatus.PendingUpdate,
                "repaired", transaction, cancellationToken);
        }
        if (instance.ProvisioningStatus != ProvisioningStatus.Active)
        {
            instance = await instances.SetProvisioningStatusAsync(instance.Id, instance.Version, ProvisioningStatus.Active,
                "rendered", transaction, cancellationToken);
        }
        if (instance.OperatingStatus != OperatingStatus.Online)
        {
            await instances.SetOperatingStatusAsync(instance.Id, instance.Version, OperatingStatus.Online, Monitored, transaction, cancellationToken);
        }
        var device = await devices.LockAsync(instance.NsdId!.Value, transaction, cancellationToken);
        if (device.OperatingStatus != OperatingStatus.Online)
        {
            await devices.SetOperatingStatusAsync(device.Id, device.Version, OperatingStatus.Online, Monitored, transaction, cancellationToken);
        }
    }

    /// <summary>
    /// network_service_monitored: the end of a monitor operation, the health monitor running again. The
    /// statuses are left as they are: a change of the device's health is the heal operations' to tell.
    /// </summary>
    public async Task<StepOutcome> MonitoredAsync(StepContext context)
    {
        await using var connection = await dataSource.OpenConnectionAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        await CompleteAsync(context.Operation.Id, transaction, context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return new StepOutcome.Completed();
    }

    /// <summary>
    /// network_service_deleted: the service DELETED, and its ports forgotten so that they may be given to
    /// a new service. The service and instance rows stay, DELETED, as the record operations point to.
    /// </summary>
    public async Task<StepOutcome> DeletedAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await services.LockAsync(service.Id, transaction, cancellationToken);
        if (current.ProvisioningStatus != ProvisioningStatus.Deleted)
        {
            await ports.ReleaseAsync(service.Id, transaction, cancellationToken);
            await services.SetProvisioningStatusAsync(current.Id, current.Version, ProvisioningStatus.Deleted, "deleted", transaction, cancellationToken);
        }
        await CompleteAsync(context.Operation.Id, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StepOutcome.Completed();
    }

    /// <summary>The operation COMPLETED, in the caller's transaction.</summary>
    public async Task CompleteAsync(Guid operationId, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var operation = await operations.LockAsync(operationId, transaction, cancellationToken);
        await operations.SetStateAsync(operation.Id, operation.Version, OperationState.Completed, "", transaction, cancellationToken);
    }
}
