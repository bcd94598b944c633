using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Rpc;
using Nfp.Schema.Configurator;
using Quartz;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Pulls the configurator's pending notifications through the configurator proxy's agent
/// (get_notifications) and hands each to the orchestration. A Quartz job on the clustered PostgreSQL job
/// store, every <see cref="OrchestrationOptions.NotificationPullMilliseconds"/>: with several manager
/// instances it runs once per interval across all of them, never two at once.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class NotificationPullJob(
    IBus bus, NotificationInbox inbox, IOptions<RpcOptions> rpc, ILogger<NotificationPullJob> logger) : IJob
{
    public static readonly JobKey Key = new("pull-configurator-notifications");

    /// <summary>How long the agent may take to answer; an agent that is not running is not an error.</summary>
    private static readonly RequestTimeout PullTimeout = RequestTimeout.After(s: 5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var agent = bus.CreateRequestClient<GetNotifications>(new Uri($"queue:{ConfiguratorQueues.Agent(rpc.Value.QueuePrefix)}"), PullTimeout);
        NotificationList pulled;
        try
        {
            pulled = (await agent.GetResponse<NotificationList>(new GetNotifications(), cancellationToken)).Message;
        }
        catch (RequestException e)
        {
            LogNotPulled(e.Message);
            return;
        }
        foreach (var notification in pulled.Notifications)
        {
            await inbox.AcceptAsync(notification, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No notifications pulled: {Reason}")]
    private partial void LogNotPulled(string reason);
}
