using System.Threading.Channels;
using Nfp.Schema.Configurator;

namespace Nfp.Configurator.Notifications;

/// <summary>
/// The notifications waiting for the manager to drain them (get_notifications), oldest first. Kept in
/// memory only: the configurator is stateless, and the manager sends again every call whose answer it
/// has not had, so a call's answer lost with a restart is made again (a health change lost so is not).
/// </summary>
internal sealed class PendingNotifications(TimeProvider clock)
{
    private readonly Channel<ConfiguratorNotification> _pending = Channel.CreateUnbounded<ConfiguratorNotification>();

    public DateTimeOffset Now => clock.GetUtcNow();

    public void Add(ConfiguratorNotification notification) => _pending.Writer.TryWrite(notification);

    /// <summary>
    /// Takes every notification waiting now; when there is none, first waits up to <paramref name="wait"/>
    /// for one. A caller that goes away while it waits (<paramref name="cancellationToken"/>) takes none.
    /// </summary>
    public async Task<IReadOnlyList<ConfiguratorNotification>> DrainAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait > TimeSpan.Zero && !_pending.Reader.TryPeek(out _))
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            waiting.CancelAfter(wait);
            try
            {
                await _pending.Reader.WaitToReadAsync(waiting.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The wait is over with nothing pending: an empty answer.
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var drained = new List<ConfiguratorNotification>();
        while (_pending.Reader.TryRead(out var notification))
        {
            drained.Add(notification);
        }
        return drained;
    }
}
