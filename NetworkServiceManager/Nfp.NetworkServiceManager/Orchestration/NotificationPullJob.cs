using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Options;
using Nfp.NetworkServiceManager.Messaging;
using Nfp.Schema.Configurator;
using Nfp.Schema.Validation;
using Quartz;

namespace Nfp.NetworkServiceManager.Orchestration;

/// <summary>
/// Pulls the configurator's pending notifications through the configurator proxy's agent
/// (get_notifications) and hands each to the orchestration. A Quartz job on the clustered PostgreSQL job
/// store, every <see cref="OrchestrationOptions.NotificationPullMilliseconds"/>: with several manager
/// instances it runs once per interval across all of them, never two at once.
/// </summary>
/// <remarks>
/// Each pull is a long poll: with nothing pending the configurator holds it until a notification comes
/// or the pull's wait — the rest of the interval — is over, and a pull that brought notifications is
/// followed at once by the next, until just before the job's next firing. So an answer is handed on
/// when the configurator makes it, not up to an interval later, while the pull still starts once per
/// interval. The wait is at most <see cref="Limits.NotificationWaitMilliseconds"/>; a longer interval
/// leaves the rest idle.
/// <para>
/// Each pull acknowledges what the pull before it brought and the inbox kept (the configurator keeps a
/// notification until then): the cursor — the configurator's instance and the last number kept — is the
/// job's data, which Quartz writes to PostgreSQL after each firing. A manager killed with an answer in
/// hand loses nothing: the next firing, on any instance, pulls from the cursor before it, and what was
/// kept already is kept once (config answers) or changes nothing the second time (health changes).
/// </para>
/// <para>
/// An answer from another configurator instance than the cursor's means the configurator restarted and
/// lost its health monitors and its unanswered calls: the monitors are created again, and the calls sent
/// again at once (<see cref="NotificationInbox.ConfiguratorRestartedAsync"/>).
/// A restart the manager does not see — while no instance ran, as a starting instance's cursor is new —
/// is not covered.
/// </para>
/// </remarks>
[DisallowConcurrentExecution]
[PersistJobDataAfterExecution]
internal sealed partial class NotificationPullJob(
    IBus bus, NotificationInbox inbox, IOptions<RpcOptions> rpc, ILogger<NotificationPullJob> logger) : IJob
{
    public static readonly JobKey Key = new("pull-configurator-notifications");

    /// <summary>How long the agent may take to answer; an agent that is not running is not an error.</summary>
    private static readonly RequestTimeout PullTimeout = RequestTimeout.After(s: 5);

    /// <summary>How long before the next firing the last pull of this one stops waiting, so that the job is done by then.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan LongestWait = TimeSpan.FromMilliseconds(Limits.NotificationWaitMilliseconds);

    private const string InstanceKey = "configurator_instance";
    private const string AcknowledgedKey = "acknowledged";

    /// <summary>The job data keys of the last pull's outcome, which <see cref="ConfiguratorHealthCheck"/> reads.</summary>
    public const string ReachedKey = "configurator_reached";
    public const string CheckedAtKey = "configurator_checked_at";
    public const string ReasonKey = "configurator_reason";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var agent = bus.CreateRequestClient<GetNotifications>(new Uri($"queue:{ConfiguratorQueues.Agent(rpc.Value.QueuePrefix)}"), PullTimeout);
        var until = (context.NextFireTimeUtc ?? DateTimeOffset.UtcNow) - Margin;
        if (until <= DateTimeOffset.UtcNow)
        {
            // A firing late by its whole interval (after a pull that overran, or an instance that died
            // holding the trigger): the firing due next pulls, so that a pull still starts once per interval.
            return;
        }
        var cursor = context.JobDetail.JobDataMap;
        while (true)
        {
            var wait = TimeSpan.FromMilliseconds(Math.Clamp((until - DateTimeOffset.UtcNow).TotalMilliseconds, 0, LongestWait.TotalMilliseconds));
            var pull = new GetNotifications((int)wait.TotalMilliseconds,
                cursor.TryGetString(AcknowledgedKey, out var acknowledged) ? long.Parse(acknowledged!, CultureInfo.InvariantCulture) : 0,
                cursor.TryGetString(InstanceKey, out var instance) ? Guid.Parse(instance!) : null);
            NotificationList pulled;
            try
            {
                pulled = (await agent.GetResponse<NotificationList>(pull, cancellationToken)).Message;
            }
            catch (RequestException e)
            {
                LogNotPulled(e.Message);
                Checked(cursor, false, $"the configurator agent did not answer: {e.Message}");
                return;
            }
            foreach (var notification in pulled.Notifications)
            {
                await inbox.AcceptAsync(notification, cancellationToken);
            }
            // An agent that could not reach the configurator answers with none and no instance: the cursor stays.
            Checked(cursor, pulled.ConfiguratorInstance != Guid.Empty, "the configurator agent could not reach the configurator");
            if (pulled.ConfiguratorInstance != Guid.Empty)
            {
                if (pull.ConfiguratorInstance is { } known && known != pulled.ConfiguratorInstance)
                {
                    await inbox.ConfiguratorRestartedAsync(cancellationToken);
                }
                cursor[InstanceKey] = pulled.ConfiguratorInstance.ToString();
                cursor[AcknowledgedKey] = pulled.Last.ToString(CultureInfo.InvariantCulture);
            }
            if (pulled.Notifications.Count == 0 || DateTimeOffset.UtcNow >= until)
            {
                return;
            }
        }
    }

    /// <summary>Records whether the configurator was reached, and when (a reason when not).</summary>
    private static void Checked(JobDataMap cursor, bool reached, string reason)
    {
        cursor[ReachedKey] = reached ? "true" : "false";
        cursor[CheckedAtKey] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        cursor[ReasonKey] = reached ? "" : reason;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "No notifications pulled: {Reason}")]
    private partial void LogNotPulled(string reason);
}
