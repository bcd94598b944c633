using System.Collections.Concurrent;
using MassTransit;
using Nfp.Configurator.Notifications;
using Nfp.Schema.Configurator;

namespace Nfp.IntegrationTests.Fixtures;

/// <summary>
/// Stands in for the configurator proxy on the real RabbitMQ: takes the manager's configurator calls from
/// its queue, records them, and answers each with a success notification on the manager's notification
/// queue — unless <see cref="Withhold"/> says to leave it unanswered, or <see cref="Refuse"/> gives a
/// reason to answer it with a failure. It answers the manager's notification pulls with what
/// <see cref="Tell"/> queued (health notifications, as the configurator's monitors make them) — with
/// nothing queued, as soon as something is or the pull's wait is over, as the configurator does — and
/// keeps when each pull came (<see cref="Pulls"/>) and when each notification was handed over
/// (<see cref="Handed"/>).
/// </summary>
public sealed class ConfiguratorDouble
{
    private readonly ConcurrentQueue<ConfiguratorCall> _calls = new();

    public Func<ConfiguratorCall, bool> Withhold { get; set; } = _ => false;

    public Func<ConfiguratorCall, string?> Refuse { get; set; } = _ => null;

    /// <summary>
    /// Runs before a pull is answered with what it pulled; false: the answer is lost, as it is with a manager
    /// killed while the answer was on its way (a test may kill the manager there).
    /// </summary>
    public Func<NotificationList, Task<bool>> BeforeAnswer { get; set; } = _ => Task.FromResult(true);

    /// <summary>When each notification pull came.</summary>
    public ConcurrentQueue<DateTimeOffset> Pulls { get; } = new();

    /// <summary>Each notification a pull took, and when its answer was sent.</summary>
    public ConcurrentQueue<(ConfiguratorNotification Notification, DateTimeOffset At)> Handed { get; } = new();

    /// <summary>The configurator's own pending notifications, so that a pull waits and drains as it does there.</summary>
    private PendingNotifications _pending = new(TimeProvider.System);

    /// <summary>As the configurator's restart: what was pending is lost, and a new instance counts its notifications afresh.</summary>
    public void Restart() => _pending = new PendingNotifications(TimeProvider.System);

    /// <summary>Queues a notification for the manager's next pull, or the one waiting now.</summary>
    public void Tell(ConfiguratorNotification notification) => _pending.Add(notification);

    /// <summary>Every call made, in the order they came.</summary>
    public IReadOnlyList<ConfiguratorCall> Calls => [.. _calls];

    /// <summary>The calls made for one service, in the order they came.</summary>
    public IReadOnlyList<ConfiguratorCall> CallsFor(Guid networkServiceId) =>
        _calls.Where(call => call.Request.Info.Context.NetworkServiceId == networkServiceId).ToList();

    /// <summary>Starts taking the calls of the manager(s) with queue prefix <paramref name="queuePrefix"/>, on <paramref name="bus"/>.</summary>
    public static async Task<ConfiguratorDouble> StartAsync(IBus bus, string queuePrefix)
    {
        var configurator = new ConfiguratorDouble();
        var notifications = new Uri($"queue:{ConfiguratorQueues.Notifications(queuePrefix)}");
        var handle = bus.ConnectReceiveEndpoint(ConfiguratorQueues.Agent(queuePrefix), endpoint =>
        {
            endpoint.Handler<GetNotifications>(async context =>
            {
                var pull = context.Message;
                configurator.Pulls.Enqueue(DateTimeOffset.UtcNow);
                var pulled = await configurator._pending.PullAsync(pull.Acknowledged, pull.ConfiguratorInstance,
                    TimeSpan.FromMilliseconds(pull.WaitMilliseconds), CancellationToken.None);
                if (!await configurator.BeforeAnswer(pulled))
                {
                    return;
                }
                await context.RespondAsync(pulled);
                foreach (var notification in pulled.Notifications)
                {
                    configurator.Handed.Enqueue((notification, DateTimeOffset.UtcNow));
                }
            });
            endpoint.Handler<ConfiguratorCall>(async context =>
            {
                var call = context.Message;
                configurator._calls.Enqueue(call);
                if (configurator.Withhold(call))
                {
                    return;
                }
                var refusal = configurator.Refuse(call);
                var notification = call.Answer(refusal is null ? ConfigResult.Success : ConfigResult.Failure, DateTimeOffset.UtcNow, refusal ?? "");
                var endpoint = await context.GetSendEndpoint(notifications);
                await endpoint.Send(notification);
            });
        });
        await handle.Ready;
        return configurator;
    }
}
