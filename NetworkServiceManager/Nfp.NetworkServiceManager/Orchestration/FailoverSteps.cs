using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// failover_nsd, the first step of a failover (automatic, or the operator's): the service PENDING_UPDATE,
/// and the dead (or living) device replaced — what is left of it deleted, the row made ready to make again
/// at the same addresses, or a spare of the vendor's pool put in its place — after which the failover goes on as a repair does: create_nsd, get_nsd_status,
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
        var replaces = failover.Replacing.Count > 0;
        if (operation.IsAutomatic && replaces && await failovers.HeldAsync(context.Service.Id, cancellationToken) is { } held)
        {
            return new StepOutcome.Fail(held);
        }
        await ToPendingUpdateAsync(context.Service.Id, failover.Reason, cancellationToken);
        IReadOnlyList<Guid> followers = [];
        Guid rendering;
        await using (await KeyLock.TakeAsync(dataSource, KeyLock.Device, failover.NsdId, cancellationToken))
        {
            var device = await devices.GetAsync(failover.NsdId, cancellationToken: cancellationToken);
            var serviceInstances = await instances.WhereAsync("network_service_id", context.Service.Id, cancellationToken: cancellationToken);
            if (serviceInstances.All(i => i.NsdId != device.Id))
            {
                return await FollowSpareAsync(operation, failover, device, serviceInstances, cancellationToken);
            }
            if (!replaces || !SameMetadata(device.ProviderMetadata, failover.Replacing))
            {
                // Replaced already (by this failover before a restart, or a sibling's), or being made again.
                return new StepOutcome.Next(device.ProviderMetadata.Count == 0 ? Steps.CreateNsd : Steps.GetNsdStatus);
            }
            rendering = await deviceSteps.ReplaceAsync(device, context.Service.ServiceType, $"failover: {failover.Reason}", async (transaction, now) =>
            {
                if (now != device.Id)
                {
                    // From here on this failover is of the spare that took the device's place (a run after a restart goes on from it).
                    await operations.SetParametersAsync(operation.Id, failover with { NsdId = now, Replacing = new Dictionary<string, string>() },
                        transaction, cancellationToken);
                }
                followers = await FollowersAsync(context.Service.Id, device.Id, now, transaction, cancellationToken);
            }, cancellationToken);
        }
        foreach (var follower in followers)
        {
            await events.SendAsync(follower, cancellationToken);
        }
        return rendering == failover.NsdId
            ? new StepOutcome.Next(Steps.CreateNsd, $"device {failover.NsdId} deleted, to be made again")
            : new StepOutcome.Next(Steps.GetNsdStatus, $"device {failover.NsdId} deleted; spare {rendering} from the pool took its place");
    }

    /// <summary>
    /// The service is no longer on the device this failover names: a failover of the same device (a
    /// sibling's, told the same death) put a spare in its place and moved the service to it, so this one
    /// goes on with the spare, as a follower would. Any other move — or a pair, whose devices are never
    /// shared — fails the failover.
    /// </summary>
    private async Task<StepOutcome> FollowSpareAsync(
        Operation operation, FailoverParameters failover, NetworkServiceDevice named, IReadOnlyList<NetworkServiceInstance> serviceInstances,
        CancellationToken cancellationToken)
    {
        var instance = serviceInstances[0];
        if (named.ProvisioningStatus != ProvisioningStatus.Deleted || serviceInstances.Count > 1 || instance.NsdId is not { } rendering)
        {
            return new StepOutcome.Fail($"Network service {instance.NetworkServiceId} is no longer rendered on device {named.Id}.");
        }
        await operations.SetParametersAsync(operation.Id, failover with { NsdId = rendering, Replacing = new Dictionary<string, string>() },
            cancellationToken: cancellationToken);
        return new StepOutcome.Next(Steps.GetNsdStatus, $"device {named.Id} was replaced by spare {rendering} meanwhile");
    }

    /// <summary>
    /// A failover that follows this one for each other live service on the replaced device (now rendered on
    /// <paramref name="rendering"/>: the same device, or the spare that took its place) with none under way.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> FollowersAsync(
        Guid networkServiceId, Guid replaced, Guid rendering, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var followers = new List<Guid>();
        foreach (var instance in await instances.WhereAsync("nsd_id", rendering, transaction, cancellationToken))
        {
            if (instance.NetworkServiceId == networkServiceId || instance.ProvisioningStatus is ProvisioningStatus.Deleted or ProvisioningStatus.PendingDelete
                || await operations.UnfinishedAsync(instance.NetworkServiceId, OperationKind.Failover, transaction, cancellationToken))
            {
                continue;
            }
            await operations.CreateAsync(NewRows.Operation(OperationKind.Failover, instance.NetworkServiceId,
                new FailoverParameters(rendering, new Dictionary<string, string>(), $"its device {replaced} was replaced by the failover of {networkServiceId}"),
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
