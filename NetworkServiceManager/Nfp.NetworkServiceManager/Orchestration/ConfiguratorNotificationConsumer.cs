using MassTransit;
using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Takes the configurator's notifications from the queue <c>{prefix}-configurator-notification</c> and
/// hands them to the orchestration. A malformed notification is logged and dropped: there is no one to
/// answer, and it must not wake any operation.
/// </summary>
internal sealed partial class ConfiguratorNotificationConsumer(NotificationInbox inbox, ILogger<ConfiguratorNotificationConsumer> logger)
    : IConsumer<ConfiguratorNotification>
{
    public async Task Consume(ConsumeContext<ConfiguratorNotification> context)
    {
        var errors = Contracts.Validate(context.Message);
        if (errors.Count > 0)
        {
            LogDropped(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")));
            return;
        }
        await inbox.AcceptAsync(context.Message, context.CancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped an invalid configurator notification: {Errors}")]
    private partial void LogDropped(string errors);
}
