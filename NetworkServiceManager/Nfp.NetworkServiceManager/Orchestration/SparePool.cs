using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Drivers;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Keeps each vendor's spare pool (<c>LifecycleDrivers:{vendor}:SparePool</c>; Octavia's spare amphora
/// pool) at its size: spare devices made and started through the vendor's lifecycle driver
/// (<see cref="ILifecycleDriver.CreateSpareNsdAsync"/>), rows of no tenant with <c>spare_for</c> set, plugged
/// into nothing and counted against no tenant. A create (select_nsd) or a failover (<see cref="DeviceSteps.ReplaceAsync"/>)
/// takes an ACTIVE one in its own transaction, and the next pass makes its replacement. Each pass also
/// checks every spare through the driver: one that died or broke is deleted and made again; spares
/// beyond the size, or made for another service type than the pool's now, are deleted.
/// </summary>
internal sealed partial class SparePool(LifecycleDrivers drivers, NetworkServiceDeviceRepository devices, ILogger<SparePool> logger)
{
    /// <summary>One pass over every vendor's pool; a vendor whose driver or provider fails is tried again at the next pass.</summary>
    public async Task KeepAsync(CancellationToken cancellationToken)
    {
        foreach (var pool in drivers.SparePools)
        {
            try
            {
                await KeepAsync(pool, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPassFailed(pool.Vendor, e.Message);
            }
        }
    }

    private async Task KeepAsync(SparePoolOf pool, CancellationToken cancellationToken)
    {
        var driver = drivers.For(pool.Vendor);
        var type = NfpJson.WireName(pool.ServiceType);
        foreach (var stray in await devices.SparesAsync(pool.Vendor, type, ofType: false, cancellationToken))
        {
            await GiveBackAsync(driver, stray, $"the pool's spares are for {type} services now", cancellationToken);
        }
        var spares = await devices.SparesAsync(pool.Vendor, type, cancellationToken: cancellationToken);
        var kept = 0;
        foreach (var spare in spares)
        {
            if (spare.ProvisioningStatus == ProvisioningStatus.PendingDelete)
            {
                await GiveBackAsync(driver, spare, "its deletion, begun by an earlier pass, finished", cancellationToken);
            }
            else if (kept == pool.Size)
            {
                await GiveBackAsync(driver, spare, "the pool is smaller now", cancellationToken);
            }
            else if (await CheckAsync(driver, pool, spare, cancellationToken))
            {
                kept++;
            }
        }
        for (; kept < pool.Size; kept++)
        {
            var made = await devices.CreateSpareAsync(NewRows.Spare(pool.Vendor), type, cancellationToken);
            LogMaking(pool.Vendor, made.Id);
            await CheckAsync(driver, pool, made, cancellationToken);
        }
    }

    /// <summary>
    /// Makes the spare if its row has no device yet (a pass ended before the driver's answer was
    /// recorded: the driver finds what it made), then asks the driver how it is: up is ACTIVE, still
    /// starting is left for the next pass, broken is given back. False when it was given back, or taken
    /// meanwhile (its row moved on).
    /// </summary>
    private async Task<bool> CheckAsync(ILifecycleDriver driver, SparePoolOf pool, NetworkServiceDevice spare, CancellationToken cancellationToken)
    {
        try
        {
            if (spare.ProviderMetadata.Count == 0)
            {
                var made = await driver.CreateSpareNsdAsync(pool.ServiceType, spare, cancellationToken);
                spare = await devices.UpdateAsync(spare with { MgmtIpAddress = made.MgmtIpAddress, ProviderMetadata = made.ProviderMetadata },
                    cancellationToken: cancellationToken);
            }
            var status = await driver.GetNsdStatusAsync(spare, cancellationToken);
            switch (status.State)
            {
                case NsdState.Active when spare.ProvisioningStatus != ProvisioningStatus.Active:
                    await devices.SetProvisioningStatusAsync(spare.Id, spare.Version, ProvisioningStatus.Active, "spare, ready to be taken",
                        cancellationToken: cancellationToken);
                    LogReady(pool.Vendor, spare.Id, spare.MgmtIpAddress);
                    return true;
                case NsdState.Error:
                    await GiveBackAsync(driver, spare, $"it broke: {status.Reason}", cancellationToken);
                    return false;
                default:
                    return true;
            }
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    /// <summary>Deletes a spare — PENDING_DELETE, the driver's delete, DELETED — unless it was taken meanwhile.</summary>
    private async Task GiveBackAsync(ILifecycleDriver driver, NetworkServiceDevice spare, string why, CancellationToken cancellationToken)
    {
        try
        {
            if (spare.ProvisioningStatus != ProvisioningStatus.PendingDelete)
            {
                spare = await devices.SetProvisioningStatusAsync(spare.Id, spare.Version, ProvisioningStatus.PendingDelete, $"spare given back: {why}",
                    cancellationToken: cancellationToken);
                LogGivenBack(spare.ServiceVendor, spare.Id, why);
            }
            await driver.DeleteNsdAsync(spare, cancellationToken);
            await devices.SetProvisioningStatusAsync(spare.Id, spare.Version, ProvisioningStatus.Deleted, $"spare given back: {why}",
                cancellationToken: cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Taken by a create or a failover before it could be given back: it is theirs now.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Spare pool of {Vendor}: making spare device {NsdId}.")]
    private partial void LogMaking(string vendor, Guid nsdId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Spare pool of {Vendor}: spare device {NsdId} is ready at {MgmtIpAddress}.")]
    private partial void LogReady(string vendor, Guid nsdId, string mgmtIpAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spare pool of {Vendor}: spare device {NsdId} given back: {Why}")]
    private partial void LogGivenBack(string vendor, Guid nsdId, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Spare pool of {Vendor}: the pass failed ({Reason}); trying again at the next pass.")]
    private partial void LogPassFailed(string vendor, string reason);
}
