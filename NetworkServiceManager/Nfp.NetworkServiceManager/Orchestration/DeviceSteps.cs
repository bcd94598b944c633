using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// The steps that choose, make, watch, plug and delete a service's device through its lifecycle driver.
/// Each is idempotent: it first looks at what PostgreSQL says is done, and the driver calls it makes find
/// what an earlier, interrupted run made.
/// </summary>
internal sealed class DeviceSteps(
    NpgsqlDataSource dataSource,
    LifecycleDrivers drivers,
    ServiceParts parts,
    NetworkServiceInstanceRepository instances,
    NetworkServiceDeviceRepository devices,
    NsdInterfaceRepository interfaces,
    Microsoft.Extensions.Options.IOptions<OrchestrationOptions> options)
{
    /// <summary>
    /// select_nsd: a shareable device of the tenant and vendor with room for the ports, or a new device row
    /// for create_nsd. An instance that has its device already goes on from it: straight to
    /// create_network_service_config when the instance and its device are ACTIVE (a reconfiguration of a
    /// service rendered as it should be); through get_nsd_status otherwise (a repair, or a create resumed),
    /// which looks at the device again.
    /// </summary>
    public async Task<StepOutcome> SelectNsdAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        var instance = context.Instance;
        if (instance.NsdId is { } chosen)
        {
            var device = await devices.GetAsync(chosen, cancellationToken: cancellationToken);
            return new StepOutcome.Next(
                device.ProviderMetadata.Count == 0 ? Steps.CreateNsd
                : instance.ProvisioningStatus == ProvisioningStatus.Active && device.ProvisioningStatus == ProvisioningStatus.Active
                    ? Steps.CreateNetworkServiceConfig
                    : Steps.GetNsdStatus);
        }
        var driver = drivers.For(service);
        var request = new NsdRequest(service, await parts.PortsAsync(instance, cancellationToken));
        var sharing = driver.GetNsdSharingInfo(request);
        if (request.Ports.Count > sharing.MaxInterfaces)
        {
            return new StepOutcome.Fail($"The service has {request.Ports.Count} ports; a {service.ServiceVendor} device takes {sharing.MaxInterfaces}.");
        }
        var shareable = service.AllowSharing && sharing.Shareable;
        if (shareable)
        {
            var candidates = await devices.ShareableAsync(service.TenantId, service.ServiceVendor, request.Ports.Count,
                service.ServiceType == ServiceType.Vpn, cancellationToken);
            if (candidates.Count > 0 && await driver.SelectNsdAsync(request, candidates, cancellationToken) is { } device)
            {
                return await ShareAsync(instance, device.Id, request.Ports.Count, cancellationToken)
                    ? new StepOutcome.Next(Steps.GetNsdStatus)
                    : new StepOutcome.Retry(TimeSpan.FromMilliseconds(100), $"device {device.Id} changed while it was chosen");
            }
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var created = await devices.CreateAsync(NewRows.Device(service, sharing, request.Ports.Count, shareable), transaction, cancellationToken);
        await instances.UpdateAsync(instance with { NsdId = created.Id }, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StepOutcome.Next(Steps.CreateNsd);
    }

    /// <summary>Takes a reference to the device and reserves its interfaces, if it is still ACTIVE with room.</summary>
    private async Task<bool> ShareAsync(NetworkServiceInstance instance, Guid deviceId, int ports, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var device = await devices.LockAsync(deviceId, transaction, cancellationToken);
        if (device.ProvisioningStatus != ProvisioningStatus.Active || device.MaxInterfaces - device.InterfacesInUse < ports)
        {
            return false;
        }
        await devices.UpdateAsync(device with { ReferenceCount = device.ReferenceCount + 1, InterfacesInUse = device.InterfacesInUse + ports },
            transaction, cancellationToken);
        await instances.UpdateAsync(instance with { NsdId = device.Id }, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>create_nsd: the driver makes and starts the device; its management address and metadata are recorded.</summary>
    public async Task<StepOutcome> CreateNsdAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        var instance = context.Instance;
        // The failovers of the services a device renders make it once between them.
        await using var deviceLock = await KeyLock.TakeAsync(dataSource, KeyLock.Device, instance.NsdId!.Value, cancellationToken);
        var device = (await parts.DeviceAsync(instance, cancellationToken))!;
        if (device.ProviderMetadata.Count == 0)
        {
            var made = await drivers.For(service).CreateNsdAsync(
                new NsdRequest(service, await parts.PortsAsync(instance, cancellationToken)), device, cancellationToken);
            await devices.UpdateAsync(device with { MgmtIpAddress = made.MgmtIpAddress, ProviderMetadata = made.ProviderMetadata },
                cancellationToken: cancellationToken);
        }
        return new StepOutcome.Next();
    }

    /// <summary>
    /// get_nsd_status: polls the driver until the device is up (ACTIVE, also out of ERROR), with spacing and
    /// a maximum of tries. A device the driver finds broken fails the operation if it was only now being
    /// made (PENDING_*); one that was up before (ACTIVE or ERROR: it died since) is made again —
    /// <see cref="ReplaceAsync"/> — and the graph goes back to create_nsd.
    /// </summary>
    public async Task<StepOutcome> GetNsdStatusAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        var device = (await parts.DeviceAsync(context.Instance, cancellationToken))!;
        var status = await drivers.For(service).GetNsdStatusAsync(device, cancellationToken);
        switch (status.State)
        {
            case NsdState.Active:
                if (device.ProvisioningStatus == ProvisioningStatus.Error)
                {
                    device = await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.PendingUpdate, "device answers again",
                        cancellationToken: cancellationToken);
                }
                if (device.ProvisioningStatus != ProvisioningStatus.Active)
                {
                    await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.Active, "device is up",
                        cancellationToken: cancellationToken);
                }
                return new StepOutcome.Next();
            case NsdState.Error when device.ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error:
                await ReplaceAsync(device, status.Reason, null, cancellationToken);
                return new StepOutcome.Next(Steps.CreateNsd, $"device {device.Id} was dead ({status.Reason}); it is made again");
            case NsdState.Error:
                await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.Error, status.Reason,
                    cancellationToken: cancellationToken);
                return new StepOutcome.Fail($"Device {device.Id} failed: {status.Reason}");
            default:
                var poll = options.Value;
                return context.Operation.StepAttempts + 1 >= poll.StatusPollMaxTries
                    ? new StepOutcome.Fail($"Device {device.Id} was not up after {poll.StatusPollMaxTries} polls.")
                    : new StepOutcome.Retry(TimeSpan.FromMilliseconds(poll.StatusPollMilliseconds), "device starting");
        }
    }

    /// <summary>
    /// Makes ready to make again a device that died (or is failed over): the driver deletes what is left of
    /// it (freeing its addresses), and the row forgets how to find it (provider metadata) and is
    /// PENDING_UPDATE; it keeps its management address, which the driver asks for again (if still free).
    /// Its interfaces keep their addresses but not their plug (MAC, mapped id), so that plug_nsd_interface
    /// plugs the new device into the same networks at the same addresses. <paramref name="alsoInTransaction"/>
    /// commits with the row's change (a failover's operations for the device's other services).
    /// </summary>
    public async Task ReplaceAsync(
        NetworkServiceDevice device, string why, Func<NpgsqlTransaction, Task>? alsoInTransaction, CancellationToken cancellationToken)
    {
        var driver = drivers.For(device.ServiceVendor);
        await driver.DeleteNsdAsync(device, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var dead = await devices.LockAsync(device.Id, transaction, cancellationToken);
        dead = await devices.UpdateAsync(dead with { ProviderMetadata = new Dictionary<string, string>() }, transaction, cancellationToken);
        if (dead.ProvisioningStatus != ProvisioningStatus.PendingUpdate)
        {
            await devices.SetProvisioningStatusAsync(dead.Id, dead.Version, ProvisioningStatus.PendingUpdate, $"made again: {why}", transaction, cancellationToken);
        }
        await interfaces.UnplugAllAsync(device.Id, transaction, cancellationToken);
        if (alsoInTransaction is not null)
        {
            await alsoInTransaction(transaction);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// plug_nsd_interface: plugs each of the instance's ports not plugged yet, at the device's lowest free
    /// position, and records where the plug put it. A port whose interface has no MAC — the device was made
    /// again, or it was recorded before interfaces kept their address — is plugged again at its position and
    /// address (the driver returns an interface already there as it is).
    /// </summary>
    public async Task<StepOutcome> PlugNsdInterfaceAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        var instance = context.Instance;
        await using var deviceLock = await KeyLock.TakeAsync(dataSource, KeyLock.Device, instance.NsdId!.Value, cancellationToken);
        var device = (await parts.DeviceAsync(instance, cancellationToken))!;
        var plugged = await interfaces.WhereAsync("nsd_id", device.Id, cancellationToken: cancellationToken);
        var driver = drivers.For(service);
        foreach (var port in await parts.PortsAsync(instance, cancellationToken))
        {
            var recorded = plugged.FirstOrDefault(i => i.PluggedInPortId == port.Id);
            if (recorded is { Mac.Length: > 0 })
            {
                continue;
            }
            var position = recorded?.InterfacePosition ?? Enumerable.Range(0, device.MaxInterfaces).First(p => plugged.All(i => i.InterfacePosition != p));
            // A device made again keeps the addresses its interfaces had, those the port did not fix too.
            var at = port.IpAddress.Length == 0 && recorded is { IpAddress.Length: > 0 } ? port with { IpAddress = recorded.IpAddress } : port;
            var where = await driver.PlugNsdInterfaceAsync(device, at, position, cancellationToken);
            var row = recorded is null
                ? await interfaces.CreateAsync(NewRows.Interface(device, port.Id, position, where), cancellationToken: cancellationToken)
                : await interfaces.UpdateAsync(recorded with
                {
                    MappedRealPortId = where.MappedRealPortId, IpAddress = where.IpAddress, Cidr = where.Cidr, Mac = where.Mac,
                }, cancellationToken: cancellationToken);
            plugged = [.. plugged.Where(i => i.Id != row.Id), row];
        }
        return new StepOutcome.Next();
    }

    /// <summary>
    /// unplug_nsd_interface: on a device other services still use, unplugs this instance's ports. A device
    /// used by this service alone goes whole in delete_nsd, so its ports are left to go with it.
    /// </summary>
    public async Task<StepOutcome> UnplugNsdInterfaceAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        var instance = context.Instance;
        if (instance.NsdId is not { } nsdId || instance.ProvisioningStatus == ProvisioningStatus.Deleted)
        {
            return new StepOutcome.Next();
        }
        await using var deviceLock = await KeyLock.TakeAsync(dataSource, KeyLock.Device, nsdId, cancellationToken);
        var device = await devices.GetAsync(nsdId, cancellationToken: cancellationToken);
        if (device.ReferenceCount > 1)
        {
            var driver = drivers.For(service);
            var plugged = await interfaces.WhereAsync("nsd_id", device.Id, cancellationToken: cancellationToken);
            foreach (var port in await parts.PortsAsync(instance, cancellationToken))
            {
                if (plugged.FirstOrDefault(i => i.PluggedInPortId == port.Id) is { } plug)
                {
                    await driver.UnplugNsdInterfaceAsync(device, port, cancellationToken);
                    await interfaces.DeleteAsync(plug.Id, plug.Version, cancellationToken: cancellationToken);
                }
            }
        }
        return new StepOutcome.Next();
    }

    /// <summary>
    /// delete_nsd: gives back the instance's reference and interfaces; the last reference deletes the
    /// device through the driver (which releases its addresses). The accounting and the instance's
    /// DELETED commit together, so a second run neither counts twice nor deletes a device still used.
    /// </summary>
    public async Task<StepOutcome> DeleteNsdAsync(StepContext context)
    {
        var (service, cancellationToken) = (context.Service, context.CancellationToken);
        var instance = context.Instance;
        if (instance.NsdId is not { } nsdId)
        {
            await ToDeletedAsync(instance, null, cancellationToken);
            return new StepOutcome.Next();
        }
        await using var deviceLock = await KeyLock.TakeAsync(dataSource, KeyLock.Device, nsdId, cancellationToken);
        if (instance.ProvisioningStatus != ProvisioningStatus.Deleted)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var device = await devices.LockAsync(nsdId, transaction, cancellationToken);
            await interfaces.DeleteAsync(nsdId, instance.PortInfo, transaction, cancellationToken);
            var references = device.ReferenceCount - 1;
            device = await devices.UpdateAsync(device with
            {
                ReferenceCount = references,
                InterfacesInUse = Math.Max(0, device.InterfacesInUse - instance.PortInfo.Count),
            }, transaction, cancellationToken);
            if (references == 0)
            {
                await devices.SetProvisioningStatusAsync(device.Id, device.Version, ProvisioningStatus.PendingDelete,
                    $"its last service {service.Id} is being deleted", transaction, cancellationToken);
            }
            await ToDeletedAsync(instance, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        var current = await devices.GetAsync(nsdId, cancellationToken: cancellationToken);
        if (current.ProvisioningStatus == ProvisioningStatus.PendingDelete)
        {
            await drivers.For(service).DeleteNsdAsync(current, cancellationToken);
            await devices.SetProvisioningStatusAsync(current.Id, current.Version, ProvisioningStatus.Deleted, "deleted",
                cancellationToken: cancellationToken);
        }
        return new StepOutcome.Next();
    }

    private async Task ToDeletedAsync(NetworkServiceInstance instance, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        if (instance.ProvisioningStatus == ProvisioningStatus.Deleted)
        {
            return;
        }
        if (instance.ProvisioningStatus != ProvisioningStatus.PendingDelete)
        {
            instance = await instances.SetProvisioningStatusAsync(instance.Id, instance.Version, ProvisioningStatus.PendingDelete,
                "delete requested", transaction, cancellationToken);
        }
        await instances.SetProvisioningStatusAsync(instance.Id, instance.Version, ProvisioningStatus.Deleted, "deleted", transaction, cancellationToken);
    }
}
