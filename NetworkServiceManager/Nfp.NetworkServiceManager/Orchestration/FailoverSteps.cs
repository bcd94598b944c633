using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// failover_nsd, the first step of a failover (automatic, or the operator's): the service PENDING_UPDATE,
/// and the dead (or living) device replaced — what is left of it deleted, the row made ready to make again
/// at the same addresses — after which the failover goes on as a repair does: create_nsd, get_nsd_status,
/// plug, both configs, the health monitor, ACTIVE. The device's other services (a shared device) get
/// failovers of their own in the same transaction, which follow this one: they find the device replaced,
/// and plug and configure what is theirs.
/// </summary>
internal sealed class FailoverSteps(
    NpgsqlDataSource dataSource, DeviceSteps deviceSteps, Failovers failovers, NetworkServiceRepository services,
    NetworkServiceInstanceRepository instances, NetworkServiceDeviceRepository devices, OperationRepository operations,
    OrchestrationQueueSender events)
{
    public async Task<StepOutcome> FailoverNsdAsync(StepContext context)
    {
        var (operation, cancellationToken) = (context.Operation, context.CancellationToken);
        var failover = operation.ParametersAs<FailoverParameters>();
        if (context.Instance.NsdId != failover.NsdId)
        {
            return new StepOutcome.Fail($"Network service {context.Service.Id} is no longer rendered on device {failover.NsdId}.");
        }
        var replaces = failover.Replacing.Count > 0;
        if (operation.IsAutomatic && replaces && await failovers.HeldAsync(context.Service.Id, cancellationToken) is { } held)
        {
            return new StepOutcome.Fail(held);
        }
        await ToPendingUpdateAsync(context.Service.Id, failover.Reason, cancellationToken);
        IReadOnlyList<Guid> followers = [];
        await using (await KeyLock.TakeAsync(dataSource, KeyLock.Device, failover.NsdId, cancellationToken))
        {
            var device = await devices.GetAsync(failover.NsdId, cancellationToken: cancellationToken);
            if (!replaces || !SameMetadata(device.ProviderMetadata, failover.Replacing))
            {
                // Replaced already (by this failover before a restart, or a sibling's), or being made again.
                return new StepOutcome.Next(device.ProviderMetadata.Count == 0 ? Steps.CreateNsd : Steps.GetNsdStatus);
            }
            await deviceSteps.ReplaceAsync(device, $"failover: {failover.Reason}", async transaction =>
                followers = await FollowersAsync(context.Service.Id, device, transaction, cancellationToken), cancellationToken);
        }
        foreach (var follower in followers)
        {
            await events.SendAsync(follower, cancellationToken);
        }
        return new StepOutcome.Next(Steps.CreateNsd, $"device {failover.NsdId} deleted, to be made again");
    }

    /// <summary>A failover that follows this one for each other live service on <paramref name="device"/> with none under way.</summary>
    private async Task<IReadOnlyList<Guid>> FollowersAsync(
        Guid networkServiceId, NetworkServiceDevice device, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var followers = new List<Guid>();
        foreach (var instance in await instances.WhereAsync("nsd_id", device.Id, transaction, cancellationToken))
        {
            if (instance.NetworkServiceId == networkServiceId || instance.ProvisioningStatus is ProvisioningStatus.Deleted or ProvisioningStatus.PendingDelete
                || await operations.UnfinishedAsync(instance.NetworkServiceId, OperationKind.Failover, transaction, cancellationToken))
            {
                continue;
            }
            await operations.CreateAsync(NewRows.Operation(OperationKind.Failover, instance.NetworkServiceId,
                new FailoverParameters(device.Id, new Dictionary<string, string>(), $"its device was replaced by the failover of {networkServiceId}"),
                isAutomatic: true), transaction, cancellationToken);
            followers.Add(instance.NetworkServiceId);
        }
        return followers;
    }

    /// <summary>The service PENDING_UPDATE (from ACTIVE or ERROR; the operator's failover moved it already).</summary>
    private async Task ToPendingUpdateAsync(Guid networkServiceId, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var service = await services.LockAsync(networkServiceId, transaction, cancellationToken);
        if (service.ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error)
        {
            await services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.PendingUpdate,
                $"failover: {reason}", transaction, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static bool SameMetadata(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
