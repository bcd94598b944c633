using System.Collections.Concurrent;
using MassTransit;
using Nfp.Schema.Configurator;

namespace Nfp.Bench.Manager;

/// <summary>
/// Stands in for the configurator proxy: answers every call with success at once, and notes when each
/// service's create_nsd_config arrives — the manager sends it right after the device is RUNNING with
/// its interfaces plugged, which is where the create is timed to.
/// </summary>
internal sealed class BenchConfigurator
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<DateTimeOffset>> _plugged = new();

    /// <summary>When the service's device was up and plugged (the arrival of its create_nsd_config).</summary>
    public Task<DateTimeOffset> PluggedAsync(Guid networkServiceId) => Entry(networkServiceId).Task;

    public static async Task<BenchConfigurator> StartAsync(IBus bus, string queuePrefix)
    {
        var configurator = new BenchConfigurator();
        var notifications = new Uri($"queue:{ConfiguratorQueues.Notifications(queuePrefix)}");
        var handle = bus.ConnectReceiveEndpoint(ConfiguratorQueues.Agent(queuePrefix), endpoint =>
        {
            // The manager's notification pulls, answered with nothing: the answers above are sent instead.
            endpoint.Handler<GetNotifications>(context => context.RespondAsync(new NotificationList([])));
            endpoint.Handler<ConfiguratorCall>(async context =>
            {
                var call = context.Message;
                if (call.Method == ConfiguratorMethod.CreateNsdConfig)
                {
                    configurator.Entry(call.Request.Info.Context.NetworkServiceId).TrySetResult(DateTimeOffset.UtcNow);
                }
                var endpoint = await context.GetSendEndpoint(notifications);
                await endpoint.Send(call.Answer(ConfigResult.Success, DateTimeOffset.UtcNow));
            });
        });
        await handle.Ready;
        return configurator;
    }

    private TaskCompletionSource<DateTimeOffset> Entry(Guid id) =>
        _plugged.GetOrAdd(id, _ => new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously));
}
