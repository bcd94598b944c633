namespace Nfp.Schema.Configurator;

/// <summary>
/// get_notifications: the configurator's pending notifications (answered with <see cref="NotificationList"/>).
/// With none pending, the configurator waits up to <paramref name="WaitMilliseconds"/> (at most
/// <see cref="Validation.Limits.NotificationWaitMilliseconds"/>) for the first and answers as soon as it comes:
/// a long poll, so that an answer made between two pulls is handed on at once.
/// </summary>
/// <param name="Acknowledged">
/// Null: drain — what the answer carries is gone from the configurator. A number: acknowledge — the
/// configurator forgets its notifications up to that <see cref="NotificationList.Last"/> of
/// <paramref name="ConfiguratorInstance"/> (the caller has kept them) and answers with the rest, which it
/// keeps until they are acknowledged in turn. So a caller killed with an answer in hand loses nothing: the
/// next pull, with what the caller had kept, gets it again. A number of another configurator instance (the
/// configurator restarted) acknowledges nothing.
/// </param>
public sealed record GetNotifications(int WaitMilliseconds = 0, long? Acknowledged = null, Guid? ConfiguratorInstance = null);
