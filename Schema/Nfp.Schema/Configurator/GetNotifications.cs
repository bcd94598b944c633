namespace Nfp.Schema.Configurator;

/// <summary>
/// get_notifications: drain the configurator's pending notifications (answered with <see cref="NotificationList"/>).
/// With none pending, the configurator waits up to <paramref name="WaitMilliseconds"/> (at most
/// <see cref="Validation.Limits.NotificationWaitMilliseconds"/>) for the first and answers as soon as it comes:
/// a long poll, so that an answer made between two pulls is handed on at once.
/// </summary>
public sealed record GetNotifications(int WaitMilliseconds = 0);
