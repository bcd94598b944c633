using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Npgsql;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// When a device is declared dead — its health monitor gave up on it, or a failover of it failed — the
/// automatic failover of the service it renders: scheduled after the settle time and the backoff of
/// earlier tries, or refused once the service has had <see cref="FailoverOptions.MaxTries"/> within the
/// window (it stays in ERROR, saying so). The circuit breaker is read when a failover begins
/// (<see cref="FailoverSteps"/>), after the settle time, so that it counts a whole burst of deaths.
/// </summary>
internal sealed partial class Failovers(
    NetworkServiceRepository services, OperationRepository operations, IOptions<OrchestrationOptions> options, ILogger<Failovers> logger)
{
    private FailoverOptions Policy => options.Value.Failover;

    /// <summary>
    /// In the caller's transaction, with the service locked: the automatic failover of <paramref name="device"/>
    /// for <paramref name="service"/>, unless one is under way already, automatic failover is off, or the
    /// tries are spent. The service's status_description says which. Returns the operation made, if any.
    /// </summary>
    public async Task<Operation?> ScheduleAsync(
        NetworkService service, NetworkServiceDevice device, string reason, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var policy = Policy;
        if (!policy.Automatic || await operations.UnfinishedAsync(service.Id, OperationKind.Failover, transaction, cancellationToken))
        {
            return null;
        }
        var (tries, _) = await operations.RecentFailoversAsync(service.Id, TimeSpan.FromSeconds(policy.WindowSeconds), transaction, cancellationToken);
        if (tries >= policy.MaxTries)
        {
            var stopped = $"Device {device.Id} is dead ({reason}) and was failed over {tries} times within {policy.WindowSeconds} s: "
                + "no more automatic failovers. Fail it over (failover_network_service) or delete the service.";
            await DescribeAsync(service, stopped, transaction, cancellationToken);
            LogGaveUp(service.Id, device.Id, tries);
            return null;
        }
        var delay = TimeSpan.FromMilliseconds(policy.SettleMilliseconds) + TimeSpan.FromSeconds(policy.BackoffSeconds * ((1 << tries) - 1));
        var operation = await operations.CreateAsync(NewRows.Operation(OperationKind.Failover, service.Id,
            new FailoverParameters(device.Id, device.ProviderMetadata, reason), isAutomatic: true), transaction, cancellationToken);
        await operations.DelayAsync(operation.Id, delay, transaction, cancellationToken);
        await operations.SupersedeFailedAsync(service.Id, operation.Id, transaction, cancellationToken);
        await DescribeAsync(service, $"Device {device.Id} is dead ({reason}); automatic failover {tries + 1} of {policy.MaxTries} in {delay.TotalSeconds:0.#} s.",
            transaction, cancellationToken);
        LogScheduled(service.Id, device.Id, tries + 1, delay.TotalSeconds);
        return operation;
    }

    /// <summary>
    /// The circuit breaker's refusal when automatic failovers accepted within the breaker's window are for
    /// more devices than its threshold (null: closed).
    /// </summary>
    public async Task<string?> BreakerOpenAsync(CancellationToken cancellationToken)
    {
        var policy = Policy;
        var (_, devices) = await operations.RecentFailoversAsync(Guid.Empty, TimeSpan.FromSeconds(policy.BreakerWindowSeconds),
            cancellationToken: cancellationToken);
        return devices <= policy.BreakerThreshold ? null
            : $"Automatic failover held by the circuit breaker: {devices} devices died within {policy.BreakerWindowSeconds} s, "
              + $"more than Orchestration:Failover:BreakerThreshold ({policy.BreakerThreshold}). Fail over by hand (failover_network_service).";
    }

    /// <summary>The breaker's refusal of the automatic failover of <paramref name="networkServiceId"/>, logged (null: closed).</summary>
    public async Task<string?> HeldAsync(Guid networkServiceId, CancellationToken cancellationToken)
    {
        var held = await BreakerOpenAsync(cancellationToken);
        if (held is not null)
        {
            LogHeld(networkServiceId, held);
        }
        return held;
    }

    private async Task DescribeAsync(NetworkService service, string description, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var current = await services.GetAsync(service.Id, transaction, cancellationToken);
        await services.UpdateAsync(current with { StatusDescription = description }, transaction, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Network service {NetworkServiceId}: device {NsdId} is dead; automatic failover {Try} in {Seconds} s.")]
    private partial void LogScheduled(Guid networkServiceId, Guid nsdId, int @try, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Network service {NetworkServiceId}: device {NsdId} was failed over {Tries} times within the window; no more automatic failovers.")]
    private partial void LogGaveUp(Guid networkServiceId, Guid nsdId, int tries);

    [LoggerMessage(Level = LogLevel.Error, Message = "Network service {NetworkServiceId}: {Held}")]
    private partial void LogHeld(Guid networkServiceId, string held);
}
