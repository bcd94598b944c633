using Nfp.Schema.Configurator;

namespace Nfp.Configurator.Notifications;

/// <summary>
/// The notifications waiting for the manager (get_notifications), oldest first, each numbered in this
/// run's count (<see cref="Instance"/>). A pull either drains them, or — when it acknowledges — forgets
/// those it acknowledges and is answered with the rest, which stay until acknowledged in turn, so that a
/// manager killed with an answer in hand gets it again from its next pull. Kept in memory only: the
/// configurator is stateless, and the manager sends again every call whose answer it has not had, so a
/// call's answer lost with a restart is made again (a health change lost so is not).
/// </summary>
internal sealed class PendingNotifications(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly List<(long Number, ConfiguratorNotification Notification)> _pending = [];
    private long _last;
    private TaskCompletionSource _added = NewSignal();

    /// <summary>This run of the configurator: its notifications are numbered from 1.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    public DateTimeOffset Now => clock.GetUtcNow();

    public void Add(ConfiguratorNotification notification)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _pending.Add((++_last, notification));
            (added, _added) = (_added, NewSignal());
        }
        added.TrySetResult();
    }

    /// <summary>
    /// Forgets what <paramref name="acknowledged"/> (a <see cref="NotificationList.Last"/> of
    /// <paramref name="instance"/>) covers, then answers with every notification still pending — taking them
    /// when <paramref name="acknowledged"/> is null (a drain). With none pending, first waits up to
    /// <paramref name="wait"/> for one. A caller that goes away while it waits (<paramref name="cancellationToken"/>)
    /// takes none.
    /// </summary>
    public async Task<NotificationList> PullAsync(long? acknowledged, Guid? instance, TimeSpan wait, CancellationToken cancellationToken)
    {
        var kept = instance == Instance ? acknowledged ?? 0 : 0;
        Task added;
        lock (_gate)
        {
            _pending.RemoveAll(pending => pending.Number <= kept);
            added = _pending.Count > 0 ? Task.CompletedTask : _added.Task;
        }
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await added.WaitAsync(wait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The wait is over with nothing pending: an empty answer.
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var pulled = new NotificationList(_pending.Select(p => p.Notification).ToList(), Instance, _pending.Count > 0 ? _pending[^1].Number : kept);
            if (acknowledged is null)
            {
                _pending.Clear();
            }
            return pulled;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
