using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
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
    PortInfoRepository portInfos,
    Microsoft.Extensions.Options.IOptions<OrchestrationOptions> options)
{
    /// <summary>
    /// select_nsd: a shareable device of the tenant and vendor with room for the ports, or a new device row
    /// for create_nsd. An instance that has its device already goes on from it: straight to
    /// create_network_service_config when the instance and its device are ACTIVE (a reconfiguration of a
    /// service rendered as it should be); through get_nsd_status otherwise (a repair, or a create resumed),
    /// which looks at the device again. A new device is a spare from the vendor's pool when one is ready (<see cref="SparePool"/>).
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
        // A spare of the vendor's pool when there is one ready (made and started: get_nsd_status comes
        // next), else a new device row for create_nsd.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var spare = await devices.TakeSpareAsync(service.ServiceVendor, NfpJson.WireName(service.ServiceType), transaction, cancellationToken);
        var made = spare is null
            ? await devices.CreateAsync(NewRows.Device(service, sharing, request.Ports.Count, shareable), transaction, cancellationToken)
            : await devices.UpdateAsync(NewRows.Taken(spare, NewRows.Device(service, sharing, request.Ports.Count, shareable), "taken from the spare pool"),
                transaction, cancellationToken);
        await instances.UpdateAsync(instance with { NsdId = made.Id }, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return spare is null ? new StepOutcome.Next(Steps.CreateNsd) : new StepOutcome.Next(Steps.GetNsdStatus, $"spare device {spare.Id} taken from the pool");
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
    /// <see cref="ReplaceAsync"/>, or replaced by a spare — and the graph goes back to create_nsd (which finds a spare made).
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
                var rendering = await ReplaceAsync(device, service.ServiceType, status.Reason, null, cancellationToken);
                return new StepOutcome.Next(Steps.CreateNsd, rendering == device.Id
                    ? $"device {device.Id} was dead ({status.Reason}); it is made again"
                    : $"device {device.Id} was dead ({status.Reason}); spare {rendering} took its place");
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
    /// Replaces a device that died (or is failed over): the driver deletes what is left of it (freeing its
    /// addresses); then, in one transaction, a spare of the vendor's pool ready for <paramref name="serviceType"/>
    /// services takes its place — its services and its interfaces move to the spare, and the dead row is
    /// DELETED — or, with none ready, the row is made ready to make again: it forgets how to find the device
    /// (provider metadata) and is PENDING_UPDATE, keeping its management address, which the driver asks for
    /// again (if still free). Either way the interfaces keep their addresses but not their plug (MAC,
    /// mapped id), so that plug_nsd_interface plugs the device into the same networks at the same addresses.
    /// <paramref name="alsoInTransaction"/> commits with the change, given the device now rendering (the
    /// same, or the spare). Returns that device.
    /// </summary>
    public async Task<Guid> ReplaceAsync(
        NetworkServiceDevice device, ServiceType serviceType, string why, Func<NpgsqlTransaction, Guid, Task>? alsoInTransaction,
        CancellationToken cancellationToken)
    {
        var driver = drivers.For(device.ServiceVendor);
        await driver.DeleteNsdAsync(device, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var dead = await devices.LockAsync(device.Id, transaction, cancellationToken);
        var rendering = await devices.TakeSpareAsync(dead.ServiceVendor, NfpJson.WireName(serviceType), transaction, cancellationToken) is { } spare
            ? await TakeOverAsync(spare, dead, why, transaction, cancellationToken)
            : await MakeAgainAsync(dead, why, transaction, cancellationToken);
        if (alsoInTransaction is not null)
        {
            await alsoInTransaction(transaction, rendering);
        }
        await transaction.CommitAsync(cancellationToken);
        return rendering;
    }

    /// <summary>The spare takes the dead device's place: its services, interfaces (unplugged) and accounting; the dead row DELETED.</summary>
    private async Task<Guid> TakeOverAsync(
        NetworkServiceDevice spare, NetworkServiceDevice dead, string why, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var taken = await devices.UpdateAsync(NewRows.Taken(spare, dead, $"replaces {dead.Id}"), transaction, cancellationToken);
        await devices.SetProvisioningStatusAsync(taken.Id, taken.Version, ProvisioningStatus.PendingUpdate, $"taken from the spare pool to replace {dead.Id}: {why}",
            transaction, cancellationToken);
        await instances.MoveAsync(dead.Id, taken.Id, transaction, cancellationToken);
        await interfaces.UnplugAllAsync(dead.Id, taken.Id, transaction, cancellationToken);
        dead = await devices.UpdateAsync(dead with { ReferenceCount = 0, InterfacesInUse = 0 }, transaction, cancellationToken);
        if (dead.ProvisioningStatus != ProvisioningStatus.PendingDelete)
        {
            dead = await devices.SetProvisioningStatusAsync(dead.Id, dead.Version, ProvisioningStatus.PendingDelete, why, transaction, cancellationToken);
        }
        await devices.SetProvisioningStatusAsync(dead.Id, dead.Version, ProvisioningStatus.Deleted, $"replaced by spare {taken.Id}: {why}",
            transaction, cancellationToken);
        return taken.Id;
    }

    /// <summary>The dead device's row made ready for create_nsd to make it again, at the same addresses.</summary>
    private async Task<Guid> MakeAgainAsync(NetworkServiceDevice dead, string why, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        dead = await devices.UpdateAsync(dead with { ProviderMetadata = new Dictionary<string, string>() }, transaction, cancellationToken);
        if (dead.ProvisioningStatus != ProvisioningStatus.PendingUpdate)
        {
            await devices.SetProvisioningStatusAsync(dead.Id, dead.Version, ProvisioningStatus.PendingUpdate, $"made again: {why}", transaction, cancellationToken);
        }
        await interfaces.UnplugAllAsync(dead.Id, dead.Id, transaction, cancellationToken);
        return dead.Id;
    }

    /// <summary>
    /// plug_nsd_interface: plugs each of the instance's ports not plugged yet, at the device's lowest free
    /// position, and records where the plug put it. A port whose interface has no MAC — the device was made
    /// again, or it was recorded before interfaces kept their address — is plugged again at its position and
    /// address (the driver returns an interface already there as it is). A device of an active-standby pair
    /// is plugged at an address of its own, with the port's address as the virtual address it may hold: the
    /// pair's, which the first member's plug has chosen and recorded on the port when the create gave none.
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
            var pair = service.Topology == ServiceTopology.ActiveStandby;
            // A device made again keeps the addresses its interfaces had, those the port did not fix too.
            var own = !pair && port.IpAddress.Length > 0 ? port.IpAddress : recorded?.IpAddress ?? "";
            var where = await driver.PlugNsdInterfaceAsync(device, port with { IpAddress = own }, position, pair ? port.IpAddress : null, cancellationToken);
            if (pair && port.IpAddress.Length == 0)
            {
                await portInfos.UpdateAsync(port with { IpAddress = where.VirtualIpAddress }, cancellationToken: cancellationToken);
            }
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
