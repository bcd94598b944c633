using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Where the configurator's answers to config calls wait for the step that made the call: kept by
/// operation, method and device, so an answer delivered twice is kept once, and an answer that arrives while
/// the manager is down is read after it restarts.
/// </summary>
internal sealed partial class NotificationInbox(
    ConfiguratorNotificationRepository answers, OperationRepository operations, NetworkServiceRepository services,
    NetworkServiceInstanceRepository instances, OrchestrationQueueSender events, HealthNews news, ILogger<NotificationInbox> logger)
{
    /// <summary>
    /// Keeps a config notification, which makes the operation awaiting it due (see
    /// <see cref="OperationQueue"/>), then tells the operation's binding key. A health notification is no
    /// answer: it becomes an automatic heal operation of its service (<see cref="HealthSteps"/>). A
    /// malformed notification is logged and dropped: there is no one to answer, and it must not wake any
    /// operation.
    /// </summary>
    public async Task AcceptAsync(ConfiguratorNotification notification, CancellationToken cancellationToken)
    {
        if (Contracts.Validate(notification) is { Count: > 0 } errors)
        {
            LogDropped(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
            return;
        }
        var context = notification.Context;
        if (notification is { Notification: NotificationType.NsdHealthStatusNotification, Health: { } health })
        {
            if (!await instances.RendersAsync(context.NetworkServiceId, context.NsdId, cancellationToken))
            {
                LogDropped($"health of device {context.NsdId}, which does not render network service {context.NetworkServiceId}");
                return;
            }
            await news.TellAsync(context.NetworkServiceId, context.NsdId, health, notification.Reason, cancellationToken, notification.HaState);
            return;
        }
        if (notification is not { Method: { } method, Result: { } result })
        {
            return;
        }
        await answers.KeepAsync(context.OperationId, context.NsdId, method, result, notification.Reason, cancellationToken);
        await events.SendAsync(context.NetworkServiceId, cancellationToken);
    }

    /// <summary>
    /// The configurator restarted: its health monitors are gone, and so is every call it had not answered.
    /// A monitor operation (automatic) for every ACTIVE network service with nothing else to do — one with
    /// an operation under way is left to it (a create's own create_network_service_healthmonitor, a heal
    /// that the next restart covers) — and every operation awaiting an answer due now, so that its call is
    /// sent again at once rather than at its resend time.
    /// </summary>
    public async Task ConfiguratorRestartedAsync(CancellationToken cancellationToken)
    {
        foreach (var awaiting in await operations.WakeAwaitingAsync(cancellationToken))
        {
            await events.SendAsync(awaiting, cancellationToken);
        }
        var active = await services.IdleActiveAsync(cancellationToken);
        foreach (var id in active)
        {
            await operations.CreateAsync(NewRows.Operation(OperationKind.Monitor, id, isAutomatic: true), cancellationToken: cancellationToken);
            await events.SendAsync(id, cancellationToken);
        }
        LogRestoring(active.Count);
    }

    /// <summary>The configurator's answer to <paramref name="method"/> called on <paramref name="nsdId"/> for <paramref name="operationId"/>, if it came.</summary>
    public Task<(ConfigResult Result, string Reason)?> FindAsync(Guid operationId, Guid nsdId, ConfiguratorMethod method, CancellationToken cancellationToken) =>
        answers.FindAsync(operationId, nsdId, method, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "The configurator restarted: health monitors to create again for {Count} network services.")]
    private partial void LogRestoring(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an invalid configurator notification: {Errors}")]
    private partial void LogDropped(string errors);
}
