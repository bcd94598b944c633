using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.Schema.Configurator;

namespace Nfp.ConfiguratorProxy.Agent;

/// <summary>
/// A configurator call from the manager, made over the Unix socket. A call the configurator refuses
/// (a bad request) is answered here with a failure notification to the manager, since the configurator
/// keeps none for it; a configurator that cannot be reached is logged, and the manager, which sends an
/// unanswered call again, tries later.
/// </summary>
internal sealed partial class ConfiguratorCallConsumer(
    ConfiguratorClient configurator, IOptions<AgentOptions> options, TimeProvider clock, ILogger<ConfiguratorCallConsumer> logger)
    : IConsumer<ConfiguratorCall>
{
    public async Task Consume(ConsumeContext<ConfiguratorCall> context)
    {
        var call = context.Message;
        string? refusal;
        try
        {
            refusal = await configurator.CallAsync(call, context.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.CancellationToken.IsCancellationRequested)
        {
            LogUnreachable(Schema.Json.NfpJson.WireName(call.Method), e.Message);
            return;
        }
        if (refusal is not null)
        {
            // "exchange:": the manager makes its queue (at its start, before any call); the agent's RabbitMQ
            // user may publish to it but not bind, nor read, the manager's queue, as sending to "queue:" would.
            var notifications = await context.GetSendEndpoint(new Uri($"exchange:{ConfiguratorQueues.Notifications(options.Value.QueuePrefix)}"));
            await notifications.Send(call.Answer(ConfigResult.Failure, clock.GetUtcNow(), refusal), context.CancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} not delivered: the configurator could not be reached ({Reason}); the manager sends it again.")]
    private partial void LogUnreachable(string method, string reason);
}

/// <summary>
/// A notification pull from the manager: the configurator's pending notifications over the Unix socket,
/// drained or acknowledged and waited for as the pull asks. A configurator that cannot be reached, or
/// refuses the pull, gives none: that is logged and answered with none (and no configurator instance).
/// </summary>
internal sealed partial class GetNotificationsConsumer(ConfiguratorClient configurator, ILogger<GetNotificationsConsumer> logger)
    : IConsumer<GetNotifications>
{
    public async Task Consume(ConsumeContext<GetNotifications> context)
    {
        NotificationList pulled;
        try
        {
            pulled = await configurator.GetNotificationsAsync(context.Message, context.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException
                                  && !context.CancellationToken.IsCancellationRequested)
        {
            LogNotPulled(e.Message);
            pulled = new NotificationList([]);
        }
        await context.RespondAsync(pulled);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No notifications pulled: {Reason}")]
    private partial void LogNotPulled(string reason);
}
