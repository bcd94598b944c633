namespace Nfp.Schema.Configurator;

/// <summary>The notifications drained by one <see cref="GetNotifications"/>, oldest first.</summary>
public sealed record NotificationList(IReadOnlyList<ConfiguratorNotification> Notifications);
