using System.Collections.Concurrent;
using Nfp.Schema.Configurator;

namespace Nfp.Configurator.Notifications;

/// <summary>
/// The notifications waiting for the manager to drain them (get_notifications), oldest first. Kept in
/// memory only: the configurator is stateless, and the manager sends again every call whose answer it
/// has not had, so a call's answer lost with a restart is made again (a health change lost so is not).
/// </summary>
internal sealed class PendingNotifications(TimeProvider clock)
{
    private readonly ConcurrentQueue<ConfiguratorNotification> _pending = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    public void Add(ConfiguratorNotification notification) => _pending.Enqueue(notification);

    /// <summary>Takes every notification waiting now.</summary>
    public IReadOnlyList<ConfiguratorNotification> Drain()
    {
        var drained = new List<ConfiguratorNotification>();
        while (_pending.TryDequeue(out var notification))
        {
            drained.Add(notification);
        }
        return drained;
    }
}
