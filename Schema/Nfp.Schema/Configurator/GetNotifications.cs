namespace Nfp.Schema.Configurator;

/// <summary>get_notifications: drain the configurator's pending notifications (answered with <see cref="NotificationList"/>).</summary>
public sealed record GetNotifications;
