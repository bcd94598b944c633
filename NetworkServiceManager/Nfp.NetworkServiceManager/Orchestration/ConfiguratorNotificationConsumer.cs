using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Configurator;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Takes the notifications sent to the queue <c>{prefix}-configurator-notification</c> — the configurator
/// proxy's agent answers a call the configurator refused there — and hands them to the orchestration.
/// The configurator's own notifications are pulled (<see cref="NotificationPullJob"/>).
/// </summary>
internal sealed class ConfiguratorNotificationConsumer(NotificationInbox inbox) : IConsumer<ConfiguratorNotification>
{
    public Task Consume(ConsumeContext<ConfiguratorNotification> context) => inbox.AcceptAsync(context.Message, context.CancellationToken);
}

internal sealed class ConfiguratorNotificationDefinition : ConsumerDefinition<ConfiguratorNotificationConsumer>
{
    public ConfiguratorNotificationDefinition(IOptions<RpcOptions> options) => EndpointName = ConfiguratorQueues.Notifications(options.Value.QueuePrefix);
}
