using System.Collections.Concurrent;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// News of a device's health, made into automatic heal operations (<see cref="HealthSteps"/>): the
/// configurator's health notifications, each of one service's device, and the lifecycle drivers' death
/// reports (<see cref="NsdWatch"/>), each of a device, for every live service it renders.
/// </summary>
internal sealed partial class HealthNews(
    NetworkServiceInstanceRepository instances, NetworkServiceDeviceRepository devices, OperationRepository operations,
    OrchestrationQueueSender events, TimeProvider clock, ILogger<HealthNews> logger)
{
    /// <summary>
    /// How long a death told is not told again: the drivers of several vendors may follow one provider, and
    /// a stream opened again repeats what it told.
    /// </summary>
    private static readonly TimeSpan Repeat = TimeSpan.FromMinutes(5);

    /// <summary>The dead instances told (<see cref="NsdDeath.Instance"/>), and when.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _deaths = new(StringComparer.Ordinal);

    /// <summary>A heal operation of <paramref name="networkServiceId"/> carrying the news, and the event that runs it.</summary>
    public async Task TellAsync(Guid networkServiceId, Guid nsdId, NsdHealth health, string reason, CancellationToken cancellationToken, HaState? haState = null)
    {
        await operations.CreateAsync(NewRows.Operation(OperationKind.Heal, networkServiceId, new NsdHealthChange(nsdId, health, reason, haState), isAutomatic: true),
            cancellationToken: cancellationToken);
        await events.SendAsync(networkServiceId, cancellationToken);
    }

    /// <summary>
    /// A device its driver found dead: unreachable news for each live service on it — only for a device at
    /// rest (ACTIVE): one in ERROR was declared dead already, and one an operation is making or deleting is
    /// watched by that operation's own steps.
    /// </summary>
    public async Task DiedAsync(NsdDeath death, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var (instance, at) in _deaths)
        {
            if (now - at > Repeat)
            {
                _deaths.TryRemove(instance, out _);
            }
        }
        var key = $"{death.NsdId}/{death.Instance}";
        if (!_deaths.TryAdd(key, now))
        {
            return;
        }
        try
        {
            if (await devices.FindAsync(death.NsdId, cancellationToken: cancellationToken) is not { ProvisioningStatus: ProvisioningStatus.Active } device)
            {
                return;
            }
            LogDied(device.Id, death.Reason);
            foreach (var instance in await instances.WhereAsync("nsd_id", device.Id, cancellationToken: cancellationToken))
            {
                if (instance.ProvisioningStatus is not (ProvisioningStatus.Deleted or ProvisioningStatus.PendingDelete))
                {
                    await TellAsync(instance.NetworkServiceId, device.Id, NsdHealth.Unreachable, death.Reason, cancellationToken);
                }
            }
        }
        catch
        {
            // Not told (the database away): the driver's stream, opened again, tells it once more.
            _deaths.TryRemove(key, out _);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device {NsdId} died: {Reason}")]
    private partial void LogDied(Guid nsdId, string reason);
}
